// Bundles every Lambda function as the stacks deploy it (stacks/bundling.ts: esbuild, node22,
// ESM, minified, tree-shaken, split; one build per function as SST builds each function) and
// reports each bundle's size and cold module-load time, with the AWS SDK v3 left external (the
// nodejs22.x runtime ships it; everything else is bundled) and, for comparison, bundled too.
// Fails if the worker's cold-start part (SDK external, as deployed) is over 1 MB.
//
// "Size" is what a cold start loads: the entry file plus the chunks it imports statically.
// Chunks only a dynamic import reaches are "lazy": each provider SDK (loaded by the first
// call to that provider), the tokenizer (the first token count), the language detector.
//
//   npm run bench:bundle               # all functions, 5 loads each
//   npm run bench:bundle -- --runs 9
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  bundleFunction,
  bytesOf,
  type FunctionBundle,
  functionEntries,
  packageBytes,
  repoRoot,
  type SdkMode,
} from "./support/function-bundle.ts";

// Inside node_modules so that an external `@aws-sdk/*` import resolves as it would in Lambda.
const outRoot = join(repoRoot, "node_modules", ".cache", "judgeloop-bundles");
const workerLimitBytes = 1_000_000;
const run = promisify(execFile);

interface BundleReport {
  name: string;
  mode: SdkMode;
  bytes: number;
  lazyBytes: number;
  loadMs: number;
}

/** Median of `runs` fresh `node` processes importing the bundle, in milliseconds. */
async function coldLoadMs(file: string, runs: number): Promise<number> {
  const script = `const t=performance.now();await import(${JSON.stringify(`file://${file}`)});process.stdout.write(String(performance.now()-t));`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: repoRoot });
    times.push(Number(stdout));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

function printTable(reports: BundleReport[]): void {
  console.log("function              SDK external (deployed)          SDK bundled");
  console.log("                      size      lazy      load ms        size      lazy      load ms");
  for (const name of [...new Set(reports.map((r) => r.name))]) {
    const cell = (mode: SdkMode) => {
      const r = reports.find((x) => x.name === name && x.mode === mode);
      if (!r) return "";
      return `${kb(r.bytes).padEnd(10)}${kb(r.lazyBytes).padEnd(10)}${r.loadMs.toFixed(1).padStart(7)}        `;
    };
    console.log(`${name.padEnd(22)}${cell("external")}${cell("bundled")}`);
  }
}

/** The worker's cold-start part and its lazy chunks, by package. */
function printWorker(worker: FunctionBundle): void {
  const list = (paths: string[]) =>
    packageBytes(worker, paths)
      .slice(0, 6)
      .map(([name, bytes]) => `${name} ${kb(bytes)}`)
      .join(", ");
  console.log(`worker cold start: ${list(worker.eager)}`);
  console.log(`worker lazy chunks: ${list(worker.lazy)}`);
}

async function main(): Promise<void> {
  const runsFlag = process.argv.indexOf("--runs");
  const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
  const entries = await functionEntries();
  const reports: BundleReport[] = [];
  let deployedWorker: FunctionBundle | undefined;
  for (const mode of ["external", "bundled"] as const) {
    for (const [name, entry] of Object.entries(entries)) {
      const bundle = await bundleFunction(name, entry, join(outRoot, mode, name), mode);
      if (name === "worker" && mode === "external") deployedWorker = bundle;
      const sizes = { bytes: bytesOf(bundle, bundle.eager), lazyBytes: bytesOf(bundle, bundle.lazy) };
      reports.push({ name, mode, ...sizes, loadMs: await coldLoadMs(bundle.file, runs) });
    }
    console.error(`bundled ${Object.keys(entries).length} functions (SDK ${mode}) into ${join(outRoot, mode)}`);
  }
  console.log(
    `esbuild: node22, esm, minified, tree-shaken, split; one build per function; load = median of ${runs} cold imports in a fresh node; only @aws-sdk/* external`,
  );
  printTable(reports);
  if (deployedWorker) printWorker(deployedWorker);
  const worker = reports.find((r) => r.name === "worker" && r.mode === "external");
  const ok = worker !== undefined && worker.bytes <= workerLimitBytes;
  console.log(
    `worker bundle (only @aws-sdk/* external, as deployed): ${worker?.bytes ?? "?"} bytes at a cold start, ${worker?.lazyBytes ?? "?"} lazy — ${ok ? "within" : "NOT within"} the 1 MB limit`,
  );
  if (!ok) process.exitCode = 1;
}

await main();
