import { writeFileSync } from "node:fs";
import { parseArrowDataset } from "@judgeloop/core";
import { Int64, Table, tableToIPC, Utf8, vectorFromArray, List, Field, Struct, Float64 } from "apache-arrow";
import fc from "fast-check";
function shard(rows: {id:string; c:string|null; t:bigint}[], format: "stream" | "file"): Uint8Array {
  const table = new Table({
    conversation_id: vectorFromArray(rows.map((r) => r.id), new Utf8()),
    conversation: vectorFromArray(rows.map((r) => r.c), new Utf8()),
    turns: vectorFromArray(rows.map((r) => r.t), new Int64()),
    tags: vectorFromArray(rows.map((r) => [r.id, r.id]), new List(new Field("item", new Utf8(), true))),
  });
  return tableToIPC(table, format);
}
const seed = Number(process.argv[2] ?? 1);
let slowest = 0;
fc.assert(fc.property(
  fc.array(fc.record({ id: fc.string(), c: fc.option(fc.string()), t: fc.bigInt({min: -(2n**63n), max: 2n**63n-1n}) }), { minLength: 1, maxLength: 4 }),
  fc.constantFrom("stream" as const, "file" as const),
  fc.array(fc.record({ at: fc.nat(), byte: fc.integer({min:0,max:255}), cut: fc.boolean() }), { minLength: 1, maxLength: 6 }),
  (rows, format, sets) => {
    let b = shard(rows, format).slice();
    for (const s of sets) { if (s.cut && s.byte < 10) b = b.slice(0, s.at % b.length); else if (b.length) b[s.at % b.length] = s.byte; }
    writeFileSync(`/tmp/probe/last-${seed}.bin`, b);
    const t = performance.now();
    parseArrowDataset({ dir: "d", datasetInfo: null, shards: [{ name: "a", bytes: b }] });
    const el = performance.now() - t;
    if (el > slowest) slowest = el;
    if (el > 300) { console.log("slow", el); writeFileSync(`/tmp/probe/slow-${seed}.bin`, b); }
  }), { numRuns: 20000, seed });
console.log("done", seed, "slowest", slowest);
