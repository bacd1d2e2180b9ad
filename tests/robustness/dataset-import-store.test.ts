import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ArtifactStore,
  conversationSchema,
  createDatasetVersion,
  type DatasetSource,
  type DatasetVersion,
  InMemoryArtifactStore,
  JudgeloopError,
  labelledVersion,
  loadDatasetVersion,
  loadRows,
  loadSmeLabels,
  saveDatasetVersion,
} from "@judgeloop/core";
import { FileArtifactStore } from "@judgeloop/local";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonText, nastyJson, nastyString } from "./support/arbitraries.ts";
import { asyncOutcomeOf, propertyRuns } from "./support/properties.ts";

let root: string;
let stores = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "judgeloop-robustness-store-"));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const storeKinds: Record<string, () => ArtifactStore> = {
  InMemoryArtifactStore: () => new InMemoryArtifactStore(),
  FileArtifactStore: () => {
    stores += 1;
    return new FileArtifactStore(join(root, `store-${stores}`));
  },
};

/** The import step as the pipeline runs it: check every row first, then store one version. */
async function importConversations(store: ArtifactStore, source: DatasetSource): Promise<DatasetVersion> {
  const rows = loadRows(source, { schema: conversationSchema });
  const version = createDatasetVersion(rows, { parent: null, transform: "import", params: {}, seed: null, counts: {} });
  await saveDatasetVersion(store, version);
  return version;
}

const conversationRow = fc.record(
  {
    conversation_id: fc.oneof(nastyJson(1), fc.integer().map(String)),
    conversation: nastyJson(1),
    company: nastyJson(1),
  },
  { requiredKeys: [] },
);

const source = fc.oneof(
  fc.record({
    format: fc.constantFrom("jsonl" as const, "csv" as const),
    file: fc.constant("c"),
    text: nastyString(40),
  }),
  fc.record({
    format: fc.constant("jsonl" as const),
    file: fc.constant("c.jsonl"),
    text: fc.array(conversationRow, { maxLength: 5 }).map((rows) => rows.map(jsonText).join("\n")),
  }),
  fc.record({
    format: fc.constant("jsonl" as const),
    file: fc.constant("c.jsonl"),
    text: fc
      .uniqueArray(
        fc.record({ conversation_id: nastyString(3).filter((id) => id.trim() !== ""), conversation: nastyString(20) }),
        {
          selector: (row) => row.conversation_id,
          maxLength: 5,
        },
      )
      .map((rows) => rows.map(jsonText).join("\n")),
  }),
);

describe.each(Object.keys(storeKinds))("importing conversations into %s", (kind) => {
  const newStore = storeKinds[kind] ?? (() => new InMemoryArtifactStore());

  it("stores a version that reads back intact, or stores nothing at all", async () => {
    await fc.assert(
      fc.asyncProperty(source, async (input) => {
        const store = newStore();

        const outcome = await asyncOutcomeOf(() => importConversations(store, input));

        if (!outcome.ok) {
          expect(outcome.error.code).toBe("bad_dataset");
          expect(await store.list("")).toEqual([]);
          return;
        }
        const stored = await loadDatasetVersion(store, outcome.value.id);
        expect(stored.rows).toEqual(outcome.value.rows);
      }),
      propertyRuns(kind === "FileArtifactStore" ? 60 : 150),
    );
  });

  it("stores nothing for a row nested 100,000 levels deep", async () => {
    const store = newStore();
    const text = `{"conversation_id":"1","conversation":"x","extra":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;

    const outcome = await asyncOutcomeOf(() => importConversations(store, { format: "jsonl", file: "c.jsonl", text }));

    expect(outcome.ok).toBe(false);
    expect(await store.list("")).toEqual([]);
  });
});

describe("loadSmeLabels", () => {
  const judgeIds = ["c1", "c2", "c3", "7"];
  const judgeSet = createDatasetVersion(
    judgeIds.map((id) => ({ conversation_id: id, conversation: `Customer: hi ${id}\nSupport: hello` })),
    { parent: null, transform: "split", params: {}, seed: 1, counts: {} },
  );
  const labelRow = fc.record(
    {
      conversation_id: fc.oneof(fc.constantFrom(...judgeIds, 7, "c9", "", " "), nastyJson(1)),
      satisfied: fc.oneof(fc.constantFrom(true, false, "yes", "No", "1", 0, "maybe", "True "), nastyJson(1)),
      critique: nastyJson(1),
    },
    { requiredKeys: [] },
  );
  const labelSource = fc.oneof(
    fc.record({
      format: fc.constantFrom("jsonl" as const, "csv" as const),
      file: fc.constant("sme"),
      text: nastyString(40),
    }),
    fc.record({
      format: fc.constant("jsonl" as const),
      file: fc.constant("sme.jsonl"),
      text: fc.array(labelRow, { maxLength: 5 }).map((rows) => rows.map(jsonText).join("\n")),
    }),
    fc.record({
      format: fc.constant("csv" as const),
      file: fc.constant("sme.csv"),
      text: fc
        .array(
          fc.tuple(fc.constantFrom(...judgeIds, "c9"), fc.constantFrom("yes", "no", "TRUE", "0", "?"), nastyString(6)),
          { maxLength: 5 },
        )
        .map((rows) =>
          [
            "conversation_id,satisfied,critique",
            ...rows.map((cells) => cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(",")),
          ].join("\r\n"),
        ),
    }),
  );

  it("labels known conversations with booleans and stores the labelled version, or stores nothing", async () => {
    await fc.assert(
      fc.asyncProperty(labelSource, async (input) => {
        const store = new InMemoryArtifactStore();

        const outcome = await asyncOutcomeOf(async () => {
          const labels = loadSmeLabels(input, judgeIds);
          const { version } = labelledVersion(judgeSet, labels, { source: "sme" });
          await saveDatasetVersion(store, version);
          return labels;
        });

        if (!outcome.ok) {
          expect(outcome.error).toBeInstanceOf(JudgeloopError);
          expect(outcome.error.code).toBe("bad_dataset");
          expect(await store.list("")).toEqual([]);
          return;
        }
        for (const label of outcome.value) {
          expect(judgeIds).toContain(label.conversation_id);
          expect(typeof label.satisfied).toBe("boolean");
          expect(typeof label.critique).toBe("string");
        }
        expect(new Set(outcome.value.map((l) => l.conversation_id)).size).toBe(outcome.value.length);
      }),
      propertyRuns(200),
    );
  });
});
