// Builds the `judgeloop` command into runnable JavaScript: one esbuild bundle of the CLI and
// the workspace packages it uses (packages/cli/dist/main.js, node22 ESM), code-split so that
// what a command imports lazily (provider SDKs, the tokenizer, the language detector, the
// report renderer) is a chunk of its own that `--help` never loads. Third-party packages are
// bundled too: resolving and reading hundreds of files from node_modules at every start costs
// more than parsing one bundle. Node built-ins (node:sqlite among them) stay external.
//
// Runs as the root `prepare` script, so `npm ci` builds it; `npm run build` after editing
// sources (the test run rebuilds it once itself: tests/support/build-cli.global.ts).
import { rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
export const cliDist = join(root, "packages", "cli", "dist");

/**
 * Bundles packages/cli/src/main.ts into packages/cli/dist (emptied first) and returns the
 * built entry's path.
 *
 * @example
 * const entry = await buildCli(); // …/packages/cli/dist/main.js
 */
export async function buildCli(): Promise<string> {
  await rm(cliDist, { recursive: true, force: true });
  await build({
    entryPoints: { main: join(root, "packages", "cli", "src", "main.ts") },
    outdir: cliDist,
    bundle: true,
    splitting: true,
    platform: "node",
    target: "node22",
    format: "esm",
    minify: true,
    sourcemap: "linked",
    chunkNames: "chunks/[name]-[hash]",
    // CommonJS dependencies inside an ESM bundle still call require().
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    logLevel: "warning",
  });
  return join(cliDist, "main.js");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  const entry = await buildCli();
  console.log(`built ${relative(root, entry)} in ${(performance.now() - started).toFixed(0)} ms`);
}
