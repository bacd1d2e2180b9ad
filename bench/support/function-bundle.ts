// Builds one Lambda function the way the stacks deploy it (stacks/bundling.ts: esbuild, node22,
// ESM, minified, split, only `@aws-sdk/*` external) and reads esbuild's metafile: which output
// files a cold start loads (the entry and its static imports) and which only a dynamic
// `import()` loads. Used by `npm run bench:bundle` and by bench/bundle.test.ts.
import { mkdir, readdir, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { build, type Metafile } from "esbuild";
import { functionBundling } from "../../stacks/bundling.ts";

export const repoRoot = new URL("../..", import.meta.url).pathname;

/** `external`: as deployed (the runtime's AWS SDK); `bundled`: the AWS SDK inside the bundle too. */
export type SdkMode = "external" | "bundled";

export interface FunctionBundle {
  /** The entry file, absolute. */
  file: string;
  outputs: Metafile["outputs"];
  /** Output paths (relative to the repo) a cold start loads: the entry and its static imports. */
  eager: string[];
  /** Output paths only a dynamic import reaches. */
  lazy: string[];
}

/** Each function's handler file, by the name its bundle gets. */
export async function functionEntries(): Promise<Record<string, string>> {
  const steps = (await readdir(join(repoRoot, "functions", "steps"))).filter(
    (file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== "step-handler.ts",
  );
  const entries: Record<string, string> = {
    api: join(repoRoot, "functions", "api.ts"),
    worker: join(repoRoot, "functions", "worker.ts"),
    nightly: join(repoRoot, "functions", "nightly.ts"),
  };
  for (const file of steps) entries[`step-${file.replace(/\.ts$/, "")}`] = join(repoRoot, "functions", "steps", file);
  return entries;
}

/**
 * Bundles one function into `outdir` (emptied first). One build per function, as SST builds
 * them: a build shared by all functions would put code one function uses into chunks every
 * function loads (esbuild assigns whole files to chunks by reachability).
 *
 * @example
 * const worker = await bundleFunction("worker", "functions/worker.ts", outdir, "external");
 */
export async function bundleFunction(
  name: string,
  entry: string,
  outdir: string,
  mode: SdkMode,
): Promise<FunctionBundle> {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build({
    entryPoints: { [name]: entry },
    metafile: true,
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    target: "node22",
    format: functionBundling.format,
    minify: functionBundling.minify,
    splitting: functionBundling.splitting,
    treeShaking: true,
    external: mode === "external" ? [...functionBundling.esbuild.external] : [],
    // CommonJS dependencies inside an ESM bundle still call require().
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    logLevel: "error",
  });
  const file = join(outdir, `${name}.mjs`);
  const outputs = result.metafile.outputs;
  return { file, outputs, ...loadClosure(outputs, relative(repoRoot, file)) };
}

function loadClosure(outputs: Metafile["outputs"], entry: string): { eager: string[]; lazy: string[] } {
  const eager = new Set<string>();
  const lazy = new Set<string>();
  const visit = (path: string, dynamic: boolean) => {
    const target = dynamic ? lazy : eager;
    if (target.has(path) || eager.has(path)) return;
    target.add(path);
    for (const imported of outputs[path]?.imports ?? []) {
      if (!imported.external) visit(imported.path, dynamic || imported.kind === "dynamic-import");
    }
  };
  visit(entry, false);
  for (const path of eager) lazy.delete(path);
  return { eager: [...eager], lazy: [...lazy] };
}

/** `path` and every output it imports statically: what loading it loads. */
export function staticClosure(bundle: FunctionBundle, path: string): string[] {
  return loadClosure(bundle.outputs, path).eager;
}

/** Total bytes of `paths` in the build. */
export function bytesOf(bundle: FunctionBundle, paths: readonly string[]): number {
  return paths.reduce((total, path) => total + (bundle.outputs[path]?.bytes ?? 0), 0);
}

/**
 * Bytes each npm package (or, for the repo's own code, "judgeloop") contributes to `paths`,
 * largest first.
 *
 * @example
 * packageBytes(worker, worker.lazy)[0]; // ["gpt-tokenizer", 2763000]
 */
export function packageBytes(bundle: FunctionBundle, paths: readonly string[]): [string, number][] {
  const sizes = new Map<string, number>();
  for (const path of paths) {
    for (const [input, { bytesInOutput }] of Object.entries(bundle.outputs[path]?.inputs ?? {})) {
      const name = packageOf(input);
      sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...sizes].sort((a, b) => b[1] - a[1]);
}

function packageOf(input: string): string {
  const at = input.lastIndexOf("node_modules/");
  if (at < 0) return "judgeloop";
  const [scope, name] = input.slice(at + "node_modules/".length).split("/");
  return scope?.startsWith("@") ? `${scope}/${name}` : (scope ?? input);
}
