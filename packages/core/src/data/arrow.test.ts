import { describe, expect, it } from "vitest";
import { arrowShardNames, parseArrowDataset } from "./arrow.ts";
import { conversationSchema } from "./conversations.ts";
import { loadRows } from "./load.ts";
import { DatasetError } from "./problems.ts";
import { type ArrowTestRow, arrowDatasetFiles } from "./testdata/arrow-dataset.ts";

const rows: ArrowTestRow[] = [
  {
    conversation_id: "a1",
    company: "Delta Air Lines",
    conversation: "Customer: hi\nSupport: hello",
    number_of_words: 4n,
    reviewed: true,
  },
  { conversation_id: "a2", company: null, conversation: "Customer: lost bag", number_of_words: 3n, reviewed: false },
  { conversation_id: "a3", company: "AirAsia", conversation: "Customer: refund?", number_of_words: 2n, reviewed: true },
];

function filesOf(files: Map<string, Uint8Array | string>) {
  const text = (name: string) => files.get(name) as string;
  const names = arrowShardNames(text("state.json"), [...files.keys()], "ds");
  return {
    dir: "ds",
    datasetInfo: text("dataset_info.json"),
    shards: names.map((name) => ({ name, bytes: files.get(name) as Uint8Array })),
  };
}

describe("parseArrowDataset", () => {
  it("reads every shard of a save_to_disk dataset in the order state.json lists them", () => {
    const parsed = parseArrowDataset(filesOf(arrowDatasetFiles(rows, 2)));

    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((r) => r.values)).toEqual([
      {
        conversation_id: "a1",
        company: "Delta Air Lines",
        conversation: "Customer: hi\nSupport: hello",
        number_of_words: 4,
        reviewed: true,
      },
      { conversation_id: "a2", company: null, conversation: "Customer: lost bag", number_of_words: 3, reviewed: false },
      {
        conversation_id: "a3",
        company: "AirAsia",
        conversation: "Customer: refund?",
        number_of_words: 2,
        reviewed: true,
      },
    ]);
  });

  it("feeds the conversation loader like any other format", () => {
    const loaded = loadRows(
      { format: "arrow", files: filesOf(arrowDatasetFiles(rows, 1)) },
      { schema: conversationSchema },
    );

    expect(loaded.map((row) => row.conversation_id)).toEqual(["a1", "a2", "a3"]);
  });

  it("reports a shard that is not Arrow", () => {
    const parsed = parseArrowDataset({
      dir: "ds",
      datasetInfo: null,
      shards: [{ name: "data-00000-of-00001.arrow", bytes: new TextEncoder().encode("not arrow at all") }],
    });

    expect(parsed.problems.map((p) => p.file)).toEqual(["ds/data-00000-of-00001.arrow"]);
  });
});

describe("arrowShardNames", () => {
  it("falls back to the data-*.arrow files of the directory without a state.json", () => {
    expect(arrowShardNames(null, ["data-00001-of-00002.arrow", "x.txt", "data-00000-of-00002.arrow"], "ds")).toEqual([
      "data-00000-of-00002.arrow",
      "data-00001-of-00002.arrow",
    ]);
  });

  it("rejects a state.json whose file names leave the directory", () => {
    const state = JSON.stringify({ _data_files: [{ filename: "../secret.arrow" }] });

    expect(() => arrowShardNames(state, [], "ds")).toThrow(DatasetError);
  });
});
