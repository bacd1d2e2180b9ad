import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { conversationSchema, loadRows } from "@judgeloop/core";
import { Int64, Schema, Table, tableToIPC, Utf8, vectorFromArray } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDatasetSource } from "./data-files.ts";

let dir: string;

const features = {
  conversation_id: { dtype: "string", _type: "Value" },
  company: { dtype: "string", _type: "Value" },
  conversation: { dtype: "string", _type: "Value" },
  number_of_words: { dtype: "int64", _type: "Value" },
};

interface TestRow {
  conversation_id: string;
  company: string | null;
  conversation: string;
  number_of_words: bigint;
}

/** An Arrow IPC stream shard as `datasets` writes it, `huggingface` schema metadata included. */
function shard(rows: readonly TestRow[]): Uint8Array {
  const column = <K extends keyof TestRow>(key: K) => rows.map((row) => row[key]);
  const table = new Table({
    conversation_id: vectorFromArray(column("conversation_id"), new Utf8()),
    company: vectorFromArray(column("company"), new Utf8()),
    conversation: vectorFromArray(column("conversation"), new Utf8()),
    number_of_words: vectorFromArray(column("number_of_words"), new Int64()),
  });
  const metadata = new Map([["huggingface", JSON.stringify({ info: { features } })]]);
  return tableToIPC(new Table(new Schema(table.schema.fields, metadata), table.batches), "stream");
}

/** Writes the `Dataset.save_to_disk` layout: dataset_info.json, state.json, data-0000i-of-0000n.arrow. */
async function saveToDisk(path: string, shards: TestRow[][]): Promise<void> {
  await mkdir(path, { recursive: true });
  const names = shards.map(
    (_, i) => `data-${String(i).padStart(5, "0")}-of-${String(shards.length).padStart(5, "0")}.arrow`,
  );
  await Promise.all(shards.map((rows, i) => writeFile(join(path, names[i] ?? ""), shard(rows))));
  await writeFile(join(path, "dataset_info.json"), JSON.stringify({ citation: "", description: "", features }));
  const state = {
    _data_files: names.map((filename) => ({ filename })),
    _fingerprint: "2a195f8a19faf8a2",
    _split: null,
  };
  await writeFile(join(path, "state.json"), JSON.stringify(state));
}

const rowA: TestRow = {
  conversation_id: "a",
  company: "Delta",
  conversation: "Customer: hi\nSupport: hey",
  number_of_words: 4n,
};
const rowB: TestRow = { conversation_id: "b", company: null, conversation: "Customer: my bag", number_of_words: 3n };
const rowC: TestRow = {
  conversation_id: "c",
  company: "AirAsia",
  conversation: "Customer: refund",
  number_of_words: 2n,
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "judgeloop-data-files-"));
  await saveToDisk(join(dir, "saved"), [[rowA, rowB], [rowC]]);
  await saveToDisk(join(dir, "dict", "train"), [[rowA]]);
  await saveToDisk(join(dir, "dict", "test"), [[rowB, rowC]]);
  await writeFile(join(dir, "dict", "dataset_dict.json"), JSON.stringify({ splits: ["train", "test"] }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("readDatasetSource", () => {
  it("reads a dataset saved with datasets' save_to_disk, across shards", async () => {
    const source = await readDatasetSource(join(dir, "saved"));

    const rows = loadRows(source, { schema: conversationSchema });

    expect(rows).toEqual([
      { conversation_id: "a", company: "Delta", conversation: "Customer: hi\nSupport: hey", number_of_words: 4 },
      { conversation_id: "b", company: null, conversation: "Customer: my bag", number_of_words: 3 },
      { conversation_id: "c", company: "AirAsia", conversation: "Customer: refund", number_of_words: 2 },
    ]);
  });

  it("reads one split of a saved DatasetDict and asks which when there are several", async () => {
    const test = loadRows(await readDatasetSource(join(dir, "dict"), { split: "test" }), {
      schema: conversationSchema,
    });

    expect(test.map((row) => row.conversation_id)).toEqual(["b", "c"]);
    await expect(readDatasetSource(join(dir, "dict"))).rejects.toThrow(/holds splits train, test: choose one/);
  });

  it("reads JSONL and CSV files as text", async () => {
    await writeFile(join(dir, "c.csv"), "conversation_id,company,conversation\nx,Delta,Customer: hi\n");

    const source = await readDatasetSource(join(dir, "c.csv"));

    expect(source).toMatchObject({ format: "csv", file: join(dir, "c.csv") });
    expect(loadRows(source, { schema: conversationSchema })).toHaveLength(1);
  });

  it("reports a path that does not exist", async () => {
    await expect(readDatasetSource(join(dir, "nope.jsonl"))).rejects.toMatchObject({ code: "input_not_found" });
  });
});
