// `npm run typecheck:infra`: type-checks sst.config.ts and stacks/ without deploying and
// without network access beyond the npm registry. Recipe and background: docs/aws.md.
//
// Two sources of SST/Pulumi types, chosen automatically (or by JUDGELOOP_INFRA_TYPES):
// - platform: the real ones. `sst install` writes SST's platform (component sources and
//   config.d.ts) to .sst/platform; SST_SKIP_DEPENDENCY_CHECK keeps it from downloading Pulumi
//   and Bun, and an `npm` shim keeps it from installing the platform's own dependencies, so
//   @pulumi/pulumi and @pulumi/aws resolve from the root node_modules. Used when both are there.
// - declarations: stacks/types/sst-platform.d.ts, a checked-in subset of those types.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve, sep } from "node:path";
import ts from "typescript";

type Mode = "platform" | "declarations";

const root = resolve(import.meta.dirname, "..");
const platformDir = join(root, ".sst", "platform");

function chooseMode(): Mode {
  const forced = process.env.JUDGELOOP_INFRA_TYPES;
  if (forced === "platform" || forced === "declarations") return forced;
  if (forced) throw new Error(`JUDGELOOP_INFRA_TYPES must be "platform" or "declarations", got "${forced}"`);
  const installed = ["@pulumi/pulumi", "@pulumi/aws"].every((name) =>
    existsSync(join(root, "node_modules", name, "package.json")),
  );
  return installed ? "platform" : "declarations";
}

function sstVersion(): string {
  const text = readFileSync(join(root, "node_modules", "sst", "package.json"), "utf8");
  return String((JSON.parse(text) as { version?: unknown }).version);
}

/** Runs `sst install` once per SST version, offline except for two npm registry lookups. */
function generatePlatformTypes(): void {
  const versionFile = join(platformDir, "version");
  const current = existsSync(versionFile) ? readFileSync(versionFile, "utf8").trim() : undefined;
  if (current === sstVersion() && existsSync(join(platformDir, "config.d.ts"))) return;
  const shims = mkdtempSync(join(tmpdir(), "judgeloop-sst-"));
  try {
    // The platform's package.json lists ~40 packages; types need only the two at the root.
    writeFileSync(join(shims, "npm"), "#!/bin/sh\nexit 0\n");
    chmodSync(join(shims, "npm"), 0o755);
    const result = spawnSync(join(root, "node_modules", ".bin", "sst"), ["install"], {
      cwd: root,
      stdio: "inherit",
      env: {
        ...process.env,
        SST_SKIP_DEPENDENCY_CHECK: "1",
        SST_NO_BUN: "1",
        SST_TELEMETRY_DISABLED: "1",
        SST_STAGE: process.env.SST_STAGE ?? "typecheck",
        PATH: `${shims}${delimiter}${process.env.PATH ?? ""}`,
      },
    });
    if (result.status !== 0) throw new Error(`sst install failed (exit ${result.status ?? result.signal})`);
  } finally {
    rmSync(shims, { recursive: true, force: true });
  }
}

/** A tsconfig in .sst/ that swaps the checked-in declarations for the generated platform types. */
function platformConfig(): string {
  const configPath = join(root, ".sst", "tsconfig.infra.json");
  mkdirSync(join(root, ".sst"), { recursive: true });
  const config = {
    extends: "../tsconfig.infra.json",
    include: ["../sst.config.ts", "../stacks/**/*.ts", "platform/config.d.ts"],
    exclude: ["../stacks/types/**", "../stacks/**/*.test.ts"],
  };
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  return configPath;
}

/** Compiles one tsconfig; reports diagnostics except those inside generated or installed code. */
function typecheck(configPath: string): number {
  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (fileName) => fileName,
    getCurrentDirectory: () => root,
    getNewLine: () => ts.sys.newLine,
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.formatDiagnostics([diagnostic], host));
    },
  });
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  // SST's platform sources are checked with our stricter settings and without their own
  // dependencies; their errors are not ours, but everything they declare is still used.
  const ignored = [join(root, ".sst") + sep, join(root, "node_modules") + sep];
  const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)].filter(
    (diagnostic) =>
      !diagnostic.file || !ignored.some((dir) => resolve(diagnostic.file?.fileName ?? "").startsWith(dir)),
  );
  if (diagnostics.length > 0) process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  return diagnostics.length;
}

function main(): void {
  const started = Date.now();
  const mode = chooseMode();
  if (mode === "platform") generatePlatformTypes();
  const configPath = mode === "platform" ? platformConfig() : join(root, "tsconfig.infra.json");
  const errors = typecheck(configPath);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const source = mode === "platform" ? "SST platform types (.sst/platform)" : "stacks/types/sst-platform.d.ts";
  process.stderr.write(`typecheck:infra: ${errors} error(s) against ${source} in ${seconds} s\n`);
  process.exitCode = errors === 0 ? 0 : 1;
}

main();
