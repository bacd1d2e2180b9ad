import { readFileSync } from "node:fs";
import { MessageReader } from "apache-arrow";
const b = new Uint8Array(readFileSync(process.argv[2] ?? "/tmp/probe/last.bin"));
const reader = new MessageReader(b);
for (let i = 0; i < 5; i++) {
  const r = reader.next();
  if (r.done) break;
  const m = r.value;
  console.log("msg", m.headerType, "bodyLength", m.bodyLength);
  if (m.isRecordBatch()) {
    const h = m.header();
    console.log("length", h.length, "nodes", JSON.stringify(h.nodes, (_k, v) => typeof v === "bigint" ? v.toString() : v), "buffers", JSON.stringify(h.buffers, (_k, v) => typeof v === "bigint" ? v.toString() : v));
    reader.readMessageBody(m.bodyLength);
  } else if (m.isSchema()) {
    const s = m.header();
    console.log(s.fields.map(f => `${f.name}:${f.type}`));
  }
}
