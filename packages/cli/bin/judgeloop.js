#!/usr/bin/env node
// The published entry point: registers tsx so the TypeScript sources run directly on Node 22.
import { register } from "tsx/esm/api";

register();

// node:sqlite (the local run store) is stable enough for us but still flagged experimental in
// Node 22; its one-line warning on every command is noise for users, so it alone is dropped.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  if (String(warning).includes("SQLite is an experimental feature")) return;
  return emitWarning.call(process, warning, ...rest);
};
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
