#!/usr/bin/env node
// The published entry point: registers tsx so the TypeScript sources run directly on Node 22.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
