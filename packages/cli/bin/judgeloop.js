#!/usr/bin/env node
// The published entry point: runs the built CLI (packages/cli/dist, made by `npm run build`,
// which `npm ci` runs as the root `prepare` script). No TypeScript is compiled at start-up.
import { existsSync } from "node:fs";
import module from "node:module";

// V8's compiled code for the bundle is cached on disk (Node >= 22.1), so starts after the
// first skip most of parsing and compiling it.
module.enableCompileCache?.();

const built = new URL("../dist/main.js", import.meta.url);
if (!existsSync(built)) {
  process.stderr.write("judgeloop: the CLI is not built (packages/cli/dist/main.js is missing); run `npm run build`\n");
  process.exit(1);
}

// node:sqlite (the local run store) is stable enough for us but still flagged experimental in
// Node 22; its one-line warning on every command is noise for users, so it alone is dropped.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  if (String(warning).includes("SQLite is an experimental feature")) return;
  return emitWarning.call(process, warning, ...rest);
};
const { main } = await import(built.href);
process.exitCode = await main(process.argv.slice(2));
