import { Bool, Int64, Schema, Table, tableToIPC, Utf8, vectorFromArray } from "apache-arrow";

/** One conversation row as the Python `datasets` library would store it. */
export interface ArrowTestRow {
  conversation_id: string;
  company: string | null;
  conversation: string;
  number_of_words: bigint;
  reviewed: boolean;
}

const features = {
  conversation_id: { dtype: "string", _type: "Value" },
  company: { dtype: "string", _type: "Value" },
  conversation: { dtype: "string", _type: "Value" },
  number_of_words: { dtype: "int64", _type: "Value" },
  reviewed: { dtype: "bool", _type: "Value" },
};

/**
 * The files `Dataset.save_to_disk` writes for `rows` split into `shardCount` shards:
 * `dataset_info.json`, `state.json` and `data-0000i-of-0000n.arrow` Arrow IPC streams whose
 * schema carries the `huggingface` metadata.
 */
export function arrowDatasetFiles(rows: readonly ArrowTestRow[], shardCount: number): Map<string, Uint8Array | string> {
  const files = new Map<string, Uint8Array | string>();
  const names = Array.from({ length: shardCount }, (_, i) => `data-${pad(i)}-of-${pad(shardCount)}.arrow`);
  const perShard = Math.ceil(rows.length / shardCount);
  for (const [i, name] of names.entries()) {
    files.set(name, shardBytes(rows.slice(i * perShard, (i + 1) * perShard)));
  }
  files.set(
    "dataset_info.json",
    JSON.stringify({ citation: "", description: "", features, homepage: "", license: "" }),
  );
  files.set(
    "state.json",
    JSON.stringify({
      _data_files: names.map((filename) => ({ filename })),
      _fingerprint: "0123456789abcdef",
      _format_columns: null,
      _format_kwargs: {},
      _format_type: null,
      _output_all_columns: false,
      _split: null,
    }),
  );
  return files;
}

function shardBytes(rows: readonly ArrowTestRow[]): Uint8Array {
  const table = new Table({
    conversation_id: vectorFromArray(
      rows.map((r) => r.conversation_id),
      new Utf8(),
    ),
    company: vectorFromArray(
      rows.map((r) => r.company),
      new Utf8(),
    ),
    conversation: vectorFromArray(
      rows.map((r) => r.conversation),
      new Utf8(),
    ),
    number_of_words: vectorFromArray(
      rows.map((r) => r.number_of_words),
      new Int64(),
    ),
    reviewed: vectorFromArray(
      rows.map((r) => r.reviewed),
      new Bool(),
    ),
  });
  const metadata = new Map([["huggingface", JSON.stringify({ info: { features } })]]);
  const withMetadata = new Table(new Schema(table.schema.fields, metadata), table.batches);
  return tableToIPC(withMetadata, "stream");
}

function pad(n: number): string {
  return String(n).padStart(5, "0");
}
