import { readFileSync } from "node:fs";
import { it } from "vitest";
import { contentHash } from "../util/canonical-json.ts";
import { conversationSchema } from "./conversations.ts";
import { loadRows } from "./load.ts";
import { nestedSplits, sampleRows } from "./split.ts";
import { truncateRows } from "./truncate.ts";

it("smoke", async () => {
  const text = readFileSync("examples/airline-support/conversations.jsonl", "utf8");
  const rows = loadRows({ format: "jsonl", file: "c.jsonl", text }, { schema: conversationSchema });
  for (const seed of [101, 102]) {
    const t = truncateRows(rows, { seed, minTurns: 1, ensureCustomerLast: true });
    console.log("trunc", seed, contentHash(t.rows.map((r) => [r.conversation_id, r.truncated_conversation])), t.dropped);
    const multi = t.rows.filter((r) => Number(r.turns_kept) > 1).length;
    console.log("multi", multi);
  }
  for (const seed of [10, 11]) {
    const s = sampleRows(rows, 400, seed);
    const ids = (rs: Record<string, unknown>[]) => rs.map((r) => r.conversation_id);
    console.log("sample", seed, contentHash(ids(s)));
    const p = nestedSplits(s, { seed, judgeSet: 160, judgeValidation: 50, devHoldout: 40 });
    console.log("splits", seed, contentHash(Object.fromEntries(Object.entries(p).map(([k, v]) => [k, ids(v)]))));
  }
});
