import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { conversationSchema } from "../conversations.ts";
import { loadRows } from "../load.ts";
import type { Row } from "../parsed-rows.ts";

const bundledPath = fileURLToPath(
  new URL("../../../../../examples/airline-support/conversations.jsonl", import.meta.url),
);

let cached: Row[] | undefined;

/** The bundled airline-support conversations (examples/airline-support), loaded once per file. */
export function bundledConversations(): Row[] {
  cached ??= loadRows(
    { format: "jsonl", file: "conversations.jsonl", text: readFileSync(bundledPath, "utf8") },
    { schema: conversationSchema },
  );
  return cached;
}

/** The rows with these ids, in the order given. */
export function rowsWithIds(ids: readonly string[]): Row[] {
  const byId = new Map(bundledConversations().map((row) => [String(row.conversation_id), row]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (row === undefined) throw new Error(`no bundled conversation ${id}`);
    return row;
  });
}
