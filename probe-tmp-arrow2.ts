import { readFileSync } from "node:fs";
import { tableFromIPC, RecordBatchReader } from "apache-arrow";
const b = new Uint8Array(readFileSync(process.argv[2] ?? "/tmp/probe/last.bin"));
const t = performance.now();
try {
  const table = tableFromIPC(b);
  console.log("rows", table.numRows, "cols", table.numCols, performance.now() - t);
  console.log(table.schema.fields.map(f => `${f.name}:${f.type}`));
  let n = 0;
  for (const r of table) { n++; if (n > 5) break; }
  console.log("iterated", n, performance.now() - t);
  for (const batch of table.batches) console.log("batch", batch.numRows, batch.data.length);
} catch (e) { console.log("err", (e as Error).message); }
