import { arrowShardNames, DatasetError, parseArrowDataset } from "@judgeloop/core";
import { Field, Int64, List, Table, tableToIPC, Utf8, vectorFromArray } from "apache-arrow";
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

/** An Arrow IPC shard, a stream as `datasets.save_to_disk` writes, or the file format. */
function shard(rows: readonly ArrowRow[], format: "stream" | "file" = "stream"): Uint8Array {
  const column = <K extends keyof ArrowRow>(key: K) => rows.map((r) => r[key]);
  const table = new Table({
    conversation_id: vectorFromArray(column("conversation_id"), new Utf8()),
    conversation: vectorFromArray(column("conversation"), new Utf8()),
    turns: vectorFromArray(column("turns"), new Int64()),
    tags: vectorFromArray(
      rows.map((r) => [r.conversation_id, "tag"]),
      new List(new Field("item", new Utf8(), true)),
    ),
  });
  return tableToIPC(table, format);
}

/** A byte-level mutation: overwrite, cut or grow the file. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("grow" as const), bytes: fc.uint8Array({ maxLength: 64 }) }),
);

function mutate(bytes: Uint8Array, changes: readonly Mutation[]): Uint8Array {
  let out = bytes.slice();
  for (const change of changes) {
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
        const parsed = parseArrowDataset({
          dir: "ds",
          datasetInfo: null,
          shards: [{ name: "d.arrow", bytes: shard(rows) }],
        });

        expect(parsed.problems).toEqual([]);
        expect(parsed.rows.map((r) => r.values)).toEqual(
          rows.map((r) => ({
            conversation_id: r.conversation_id,
            conversation: r.conversation,
            turns: Number.isSafeInteger(Number(r.turns)) ? Number(r.turns) : r.turns.toString(),
            tags: [r.conversation_id, "tag"],
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
        .tuple(
          fc.array(arrowRow, { minLength: 1, maxLength: 4 }),
          fc.constantFrom("stream" as const, "file" as const),
          fc.array(mutation, { minLength: 1, maxLength: 4 }),
        )
        .map(([rows, format, changes]) => mutate(shard(rows, format), changes)),
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
      fc
        .array(fc.record({ filename: nastyJson(1) }), { maxLength: 4 })
        .map((files) => jsonText({ _data_files: files })),
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

/** Two rows with a list column: its offsets buffer is the int32 run 0, 2, 4. */
function listShard(format: "stream" | "file"): Uint8Array {
  const table = new Table({
    id: vectorFromArray(["a", "bb"], new Utf8()),
    tags: vectorFromArray(
      [
        ["x", "y"],
        ["z", "w"],
      ],
      new List(new Field("item", new Utf8(), true)),
    ),
  });
  return tableToIPC(table, format).slice();
}

function indexOfBytes(haystack: Uint8Array, needle: readonly number[], from = 0): number {
  for (let i = from; i + needle.length <= haystack.length; i++) {
    if (needle.every((byte, j) => haystack[i + j] === byte)) return i;
  }
  throw new Error(`pattern ${needle.join(",")} not found`);
}

function littleEndian(value: number, bytes: 4 | 8): number[] {
  return Array.from({ length: bytes }, (_, i) => Math.floor(value / 256 ** i) % 256);
}

/** A shard, found by the property above, that made apache-arrow decode a corrupted schema until the heap ran out. */
const schemaBomb = Uint8Array.from(
  atob(
    "//////gAAAAQAAAAAAAKABAADgAHAAgACgAAAAAAAAEQAAAAAAAEAAgACAAAAAQACAAAAAQAAAADAAAAjAAAAEQAAAAEAAAAkP///xQAAAAAAAABGAAAAAAAAAIcAAAABQAAAHR1cm5zAAAAAADQAAgADAAIAAcACAAAAAAAAAFAAAAAzP///xQAAAAAAAABIAAAAAAAAAUcAAAADAAAAGNvbnZlcnNhdGlvbgAAAAAAAAAAvP///xAAGAAEAAsAEwAUAAAADAAQAAAAFAAAAAAAAAEgAAAAAAAABSAAAAAPAAAAY29udmVyc2F0aW9uX2lkAAAAAAAEAAQABAAAAP////8IAQAAFAAAAAAAAAAMABYAFAAPABAABAAMAAAAiAAAAAAAAAAAAAADEAAAAAQACgAYAAwACAAEAAoAAAAUAAAAmAAAAAIAAAAAAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAABAAAAAAAAAAEAAAAAAAAAAgAAAAAAAAAEAAAAAAAAAAYAAAAAAAAAAQAAAAAAAAAHAAAAAAAAAACAAAAAAAAAB4AAAAAAAAAAAAAAAAAAAAeAAAAAAAAAAQAAAAAAAAAAAAAAADAAAAAgAAAAAAAAAAAAAAAAAAAAIAAAAAAAAAAQAAAAAAAAACAAAAAAAAAAAAAAAAAAAAAAAAAAkAAAAJAAAAAAAAADEjelY2PWI4fQAAAAAAAAACAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAAAAAAAAAChlVVVfXgAAt80ocVCb+sV2uBL9V6/vV/////8AAAAA",
  ),
  (c) => c.charCodeAt(0),
);

describe("parseArrowDataset on shards that used to crash the process", () => {
  it("rejects a schema whose child counts exceed its metadata, instead of running out of memory", () => {
    const parsed = parseArrowDataset({
      dir: "ds",
      datasetInfo: null,
      shards: [{ name: "d.arrow", bytes: schemaBomb }],
    });

    expect(parsed.problems).toEqual([{ file: "ds/d.arrow", reason: expect.stringMatching(/schema is corrupt/) }]);
  });

  it("rejects list offsets that point past the data, instead of running out of memory", () => {
    const bytes = listShard("stream");
    const offsets = indexOfBytes(bytes, [...littleEndian(0, 4), ...littleEndian(2, 4), ...littleEndian(4, 4)]);
    bytes.set(littleEndian(0x7fffffff, 4), offsets + 8);

    const parsed = parseArrowDataset({ dir: "ds", datasetInfo: null, shards: [{ name: "d.arrow", bytes }] });

    expect(parsed.problems).toEqual([
      { file: "ds/d.arrow", reason: expect.stringMatching(/more values than its bytes/) },
    ]);
  });

  it("rejects a file block that points at the schema, instead of rereading it forever", () => {
    // A file whose messages are a whole stream (schema first) behind a footer whose block
    // still says "the record batch is at offset 8": apache-arrow rereads that schema forever.
    const stream = listShard("stream");
    const file = listShard("file");
    const footerLength = new DataView(file.buffer).getInt32(file.length - 10, true);
    const bytes = new Uint8Array([
      ...file.subarray(0, 8),
      ...stream,
      ...file.subarray(file.length - 10 - footerLength),
    ]);

    const parsed = parseArrowDataset({ dir: "ds", datasetInfo: null, shards: [{ name: "d.arrow", bytes }] });

    expect(parsed.problems).toEqual([{ file: "ds/d.arrow", reason: expect.stringMatching(/wrong kind of message/) }]);
  });
});
