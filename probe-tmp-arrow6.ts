import { readFileSync } from "node:fs";
import { parseArrowDataset } from "@judgeloop/core";
const b = new Uint8Array(readFileSync("/tmp/probe/last.bin"));
console.log(JSON.stringify(parseArrowDataset({ dir: "d", datasetInfo: null, shards: [{ name: "a", bytes: b }] }).problems));
