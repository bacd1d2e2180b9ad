import { writeFileSync } from "node:fs";
import { parseArrowDataset } from "@judgeloop/core";
import { Int64, Table, tableToIPC, Utf8, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
function shard(rows: {id:string; c:string|null; t:bigint}[]): Uint8Array {
  const table = new Table({
    conversation_id: vectorFromArray(rows.map((r) => r.id), new Utf8()),
    conversation: vectorFromArray(rows.map((r) => r.c), new Utf8()),
    turns: vectorFromArray(rows.map((r) => r.t), new Int64()),
  });
  return tableToIPC(table, "stream");
}
const seed = Number(process.argv[2] ?? 1);
fc.assert(fc.property(
  fc.array(fc.record({ id: fc.string(), c: fc.option(fc.string()), t: fc.bigInt({min: -(2n**63n), max: 2n**63n-1n}) }), { minLength: 1, maxLength: 4 }),
  fc.array(fc.record({ at: fc.nat(), byte: fc.integer({min:0,max:255}) }), { minLength: 1, maxLength: 4 }),
  (rows, sets) => {
    const b = shard(rows).slice();
    for (const s of sets) b[s.at % b.length] = s.byte;
    writeFileSync("/tmp/probe/last.bin", b);
    const t = performance.now();
    parseArrowDataset({ dir: "d", datasetInfo: null, shards: [{ name: "a", bytes: b }] });
    const el = performance.now() - t;
    if (el > 500) { console.log("slow", el); writeFileSync("/tmp/probe/slow.bin", b); }
  }), { numRuns: 3000, seed });
console.log("done");
