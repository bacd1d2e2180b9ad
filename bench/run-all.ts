/**
 * `npm run bench`: every benchmark, one after another (they would disturb each other's timings
 * if run at once on a small machine). Each prints its own table of side-by-side measurements.
 *
 * Run: npm run bench [-- --only throughput,optimize]
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { only: { type: "string" } } });
const scripts = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    scripts: Record<string, string>;
  }
).scripts;
const available = Object.keys(scripts)
  .filter((name) => name.startsWith("bench:"))
  .map((name) => name.slice("bench:".length));
const chosen = values.only ? values.only.split(",").map((name) => name.trim()) : available;

const outcomes: { name: string; ok: boolean; seconds: number }[] = [];
for (const name of chosen) {
  if (!available.includes(name)) {
    console.error(`no benchmark named "${name}"; available: ${available.join(", ")}`);
    process.exit(2);
  }
  console.log(`\n=== bench:${name} ===`);
  const started = performance.now();
  const result = spawnSync("npm", ["run", "--silent", `bench:${name}`], { stdio: "inherit" });
  outcomes.push({ name, ok: result.status === 0, seconds: (performance.now() - started) / 1000 });
}

console.log("\n=== summary ===");
for (const { name, ok, seconds } of outcomes)
  console.log(`${ok ? "ok    " : "FAILED"} bench:${name} (${seconds.toFixed(0)} s)`);
process.exitCode = outcomes.every((o) => o.ok) ? 0 : 1;
