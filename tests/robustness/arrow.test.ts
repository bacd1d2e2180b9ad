import { arrowShardNames, DatasetError, parseArrowDataset } from "@judgeloop/core";
import { Int64, Table, tableToIPC, Utf8, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonText, nastyJson, nastyString, wellFormed } from "./support/arbitraries.ts";
import { outcomeOf, propertyRuns } from "./support/properties.ts";

interface ArrowRow {
  conversation_id: string;
  conversation: string | null;
  turns: bigint;
}

// apache-arrow decodes each UTF-8 value with a TextDecoder that drops a leading BOM (a limitation
// of the library, reported, not ours to patch), so generated values do not start with one.
const arrowText = (pieces: number) => nastyString(pieces).map((text) => wellFormed(text).replace(/^\ufeff+/, ""));

const arrowRow = fc.record({
  conversation_id: arrowText(4),
  conversation: fc.option(arrowText(12)),
  turns: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
});

/** An Arrow IPC stream, the way `datasets.save_to_disk` writes a shard. */
function shard(rows: readonly ArrowRow[]): Uint8Array {
  const table = new Table({
    conversation_id: vectorFromArray(
      rows.map((r) => r.conversation_id),
      new Utf8(),
    ),
    conversation: vectorFromArray(
      rows.map((r) => r.conversation),
      new Utf8(),
    ),
    turns: vectorFromArray(
      rows.map((r) => r.turns),
      new Int64(),
    ),
  });
  return tableToIPC(table, "stream");
}

/** A byte-level mutation: overwrite, cut or grow the file. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("grow" as const), bytes: fc.uint8Array({ maxLength: 64 }) }),
);

function mutate(bytes: Uint8Array, changes: readonly fc.Arbitrary<unknown>[] | readonly Mutation[]): Uint8Array {
  let out = bytes.slice();
  for (const change of changes as readonly Mutation[]) {
    if (out.length === 0) break;
    if (change.kind === "set") out[change.at % out.length] = change.byte;
    else if (change.kind === "cut") out = out.slice(0, change.at % out.length);
    else out = new Uint8Array([...out, ...change.bytes]);
  }
  return out;
}

type Mutation =
  | { kind: "set"; at: number; byte: number }
  | { kind: "cut"; at: number }
  | { kind: "grow"; bytes: Uint8Array };

describe("parseArrowDataset", () => {
  it("reads back every row of a valid shard, 64-bit integers beyond 2^53 as strings", () => {
    fc.assert(
      fc.property(fc.array(arrowRow, { maxLength: 8 }), (rows) => {
        const parsed = parseArrowDataset({ dir: "ds", datasetInfo: null, shards: [{ name: "d.arrow", bytes: shard(rows) }] });

        expect(parsed.problems).toEqual([]);
        expect(parsed.rows.map((r) => r.values)).toEqual(
          rows.map((r) => ({
            conversation_id: r.conversation_id,
            conversation: r.conversation,
            turns: Number.isSafeInteger(Number(r.turns)) ? Number(r.turns) : r.turns.toString(),
          })),
        );
      }),
      propertyRuns(100),
    );
  });

  it("turns corrupted, truncated or random bytes into a problem naming the shard", () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 512 }),
      fc
        .tuple(fc.array(arrowRow, { minLength: 1, maxLength: 4 }), fc.array(mutation, { minLength: 1, maxLength: 4 }))
        .map(([rows, changes]) => mutate(shard(rows), changes)),
    );
    fc.assert(
      fc.property(bytes, fc.option(nastyString(8)), (shardBytes, datasetInfo) => {
        const outcome = outcomeOf(() =>
          parseArrowDataset({ dir: "ds", datasetInfo, shards: [{ name: "d.arrow", bytes: shardBytes }] }),
        );

        if (!outcome.ok) throw outcome.error;
        for (const problem of outcome.value.problems) {
          expect(["ds/d.arrow", "ds/dataset_info.json"]).toContain(problem.file);
          expect(problem.reason).not.toBe("");
        }
      }),
      propertyRuns(200),
    );
  });
});

describe("arrowShardNames", () => {
  it("returns plain file names from any state.json, or a DatasetError naming state.json", () => {
    const stateJson = fc.oneof(
      nastyString(20),
      nastyJson(4).map(jsonText),
      fc.array(fc.record({ filename: nastyJson(1) }), { maxLength: 4 }).map((files) => jsonText({ _data_files: files })),
    );
    fc.assert(
      fc.property(fc.option(stateJson), fc.array(nastyString(4), { maxLength: 5 }), (state, entries) => {
        const outcome = outcomeOf(() => arrowShardNames(state, entries, "ds"));

        if (!outcome.ok) {
          expect(outcome.error).toBeInstanceOf(DatasetError);
          expect((outcome.error as DatasetError).problems[0]?.file).toBe("ds/state.json");
          return;
        }
        for (const name of outcome.value) {
          expect(name).not.toMatch(/[/\\]/);
          expect(name.startsWith(".")).toBe(false);
        }
      }),
      propertyRuns(200),
    );
  });
});
