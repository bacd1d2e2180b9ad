import { readFileSync } from "node:fs";
import { MessageReader, RecordBatchReader } from "apache-arrow";
const b = new Uint8Array(readFileSync("/tmp/probe/last.bin"));
const which = process.argv[2];
if (which === "a") { const s = new MessageReader(b).readSchema(); console.log("a ok", s?.fields.length); }
if (which === "b") { const m = new MessageReader(b).next().value; console.log("b", m.headerType); const h = m.header(); console.log("b ok", h.fields.length, h.fields.map(f => String(f.type))); }
if (which === "c") { const r = RecordBatchReader.from(b) as any; console.log(r._impl.constructor.name, r._impl._reader.constructor.name); const s = r._impl._reader.readSchema(); console.log("c ok", s?.fields.length); }
