// Bundles every Lambda function the way a deployment would, each in a build of its own as SST
// builds each function (esbuild: node22, ESM, minified, tree-shaken, its lazy imports split
// into chunks of its own), and reports each bundle's size and cold module-load time, with the
// AWS SDK v3 bundled and left external (the nodejs22.x runtime ships it). Fails if the worker
// bundle the stacks deploy (SDK external) is 1 MB or more.
//
// "Size" is what a cold start loads: the entry file plus the chunks it imports statically.
// Chunks imported dynamically (the provider SDKs, loaded only when a run calls a real
// provider) are reported apart. gpt-tokenizer (2.7 MB of BPE ranks, imported by core for
// token counts) is not bundled: the stacks install it as a node module of the function.
//
//   npx tsx bench/bundle.ts            # all functions, 5 loads each
//   npx tsx bench/bundle.ts --runs 9
import { execFile } from "node:child_process";
import { mkdir, readdir, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { build, type Metafile } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
// Inside node_modules so that an external `@aws-sdk/*` import resolves as it would in Lambda.
const outRoot = join(root, "node_modules", ".cache", "judgeloop-bundles");
const workerLimitBytes = 1_000_000;
const run = promisify(execFile);
/** Installed next to the bundle instead of inside it (SST: `nodejs: { install: [...] }`). */
export const installedModules = ["gpt-tokenizer"];

type SdkMode = "external" | "bundled";

interface BundleReport {
  name: string;
  mode: SdkMode;
  /** Entry plus statically imported chunks. */
  bytes: number;
  /** Chunks only a dynamic import loads. */
  lazyBytes: number;
  loadMs: number;
}

type Outputs = Metafile["outputs"];

/** Each function's handler file, by the name its bundle gets. */
async function functionEntries(): Promise<Record<string, string>> {
  const steps = (await readdir(join(root, "functions", "steps"))).filter(
    (file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== "step-handler.ts",
  );
  const entries: Record<string, string> = {
    api: join(root, "functions", "api.ts"),
    worker: join(root, "functions", "worker.ts"),
    nightly: join(root, "functions", "nightly.ts"),
  };
  for (const file of steps) entries[`step-${file.replace(/\.ts$/, "")}`] = join(root, "functions", "steps", file);
  return entries;
}

async function bundle(name: string, entry: string, mode: SdkMode): Promise<{ outdir: string; outputs: Outputs }> {
  // One build per function: a build shared by all functions would put code one function uses
  // into chunks every function loads (esbuild assigns whole files to chunks by reachability).
  const outdir = join(outRoot, mode, name);
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build({
    entryPoints: { [name]: entry },
    metafile: true,
    splitting: true,
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    target: "node22",
    format: "esm",
    minify: true,
    treeShaking: true,
    external: mode === "external" ? ["@aws-sdk/*", ...installedModules] : installedModules,
    // CommonJS dependencies inside an ESM bundle still call require().
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    logLevel: "error",
  });
  return { outdir, outputs: result.metafile.outputs };
}

/** Bytes of `file` and every chunk it imports statically, and of the chunks only reachable dynamically. */
function closureBytes(outputs: Outputs, file: string): { bytes: number; lazyBytes: number } {
  const staticFiles = new Set<string>();
  const lazyFiles = new Set<string>();
  const visit = (path: string, lazy: boolean) => {
    const target = lazy ? lazyFiles : staticFiles;
    if (target.has(path) || staticFiles.has(path)) return;
    target.add(path);
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.external) continue;
      visit(imported.path, lazy || imported.kind === "dynamic-import");
    }
  };
  visit(file, false);
  const sum = (files: Set<string>) => [...files].reduce((total, path) => total + (outputs[path]?.bytes ?? 0), 0);
  for (const path of staticFiles) lazyFiles.delete(path);
  return { bytes: sum(staticFiles), lazyBytes: sum(lazyFiles) };
}

/** Median of `runs` fresh `node` processes importing the bundle, in milliseconds. */
async function coldLoadMs(file: string, runs: number): Promise<number> {
  const script = `const t=performance.now();await import(${JSON.stringify(`file://${file}`)});process.stdout.write(String(performance.now()-t));`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: root });
    times.push(Number(stdout));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

function printTable(reports: BundleReport[]): void {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
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

async function main(): Promise<void> {
  const runsFlag = process.argv.indexOf("--runs");
  const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
  const entries = await functionEntries();
  const reports: BundleReport[] = [];
  for (const mode of ["external", "bundled"] as const) {
    for (const [name, entry] of Object.entries(entries)) {
      const { outdir, outputs } = await bundle(name, entry, mode);
      const file = join(outdir, `${name}.mjs`);
      const sizes = closureBytes(outputs, relative(root, file));
      reports.push({ name, mode, ...sizes, loadMs: await coldLoadMs(file, runs) });
    }
    console.error(
      `bundled ${Object.keys(entries).length} functions (SDK ${mode}) into ${relative(root, join(outRoot, mode))}`,
    );
  }
  console.log(
    `esbuild: node22, esm, minified, tree-shaken, split; one build per function; load = median of ${runs} cold imports in a fresh node; not bundled: ${installedModules.join(", ")}`,
  );
  printTable(reports);
  const worker = reports.find((r) => r.name === "worker" && r.mode === "external");
  const ok = worker !== undefined && worker.bytes < workerLimitBytes;
  console.log(
    `worker bundle (SDK external, as deployed): ${worker?.bytes ?? "?"} bytes — ${ok ? "under" : "NOT under"} the 1 MB limit`,
  );
  if (!ok) process.exitCode = 1;
}

await main();
