import { readFileSync } from "node:fs";
import { RecordBatchReader } from "apache-arrow";
const b = new Uint8Array(readFileSync("/tmp/probe/last.bin"));
const reader = RecordBatchReader.from(b);
console.log("from ok", reader.constructor.name);
reader.open();
console.log("open ok", reader.schema?.fields.map(f => `${f.name}:${f.type}`));
let i = 0;
for (const batch of reader) { console.log("batch", i++, batch.numRows); }
console.log("done");
