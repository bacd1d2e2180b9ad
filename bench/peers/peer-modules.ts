/**
 * The peers (Ax, promptfoo) live in `.bench-peers/`, a git-ignored directory installed on demand,
 * so `npm ci` stays lean and the benchmark still runs on a fresh clone. Install scripts are
 * skipped (Ax's would copy editor skills into the home directory; promptfoo needs none: its
 * SQLite client ships prebuilt).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

export const peersDir = new URL("../../.bench-peers/", import.meta.url);
const peerPackages = ["@ax-llm/ax", "promptfoo"] as const;
export type PeerName = (typeof peerPackages)[number];

/** What a peer's import gave, or why it could not be used. */
export type PeerLoad<T> = { ok: true; module: T; version: string } | { ok: false; reason: string };

/**
 * Installs any missing peer (latest from the npm registry) into `.bench-peers/`.
 * Returns the problems it met, one line each; an empty list means both are there.
 *
 * @example
 * const problems = ensurePeers({ reinstall: false, log: (line) => process.stderr.write(`${line}\n`) });
 */
export function ensurePeers(options: {
  reinstall: boolean;
  log: (line: string) => void;
  /** Only these peers; default all. */
  only?: readonly PeerName[];
}): string[] {
  const wanted = options.only ?? peerPackages;
  const missing = wanted.filter((name) => options.reinstall || !existsSync(packageJsonUrl(name)));
  if (missing.length === 0) return [];
  options.log(`installing ${missing.join(", ")} into .bench-peers/ (npm install --prefix .bench-peers)`);
  const args = ["install", "--prefix", peersDir.pathname, "--no-audit", "--no-fund", "--ignore-scripts"];
  const result = spawnSync("npm", [...args, ...missing.map((name) => `${name}@latest`)], {
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    env: { ...process.env, AX_SKIP_SKILL_INSTALL: "1" },
  });
  if (result.error) return [`npm could not start: ${result.error.message}`];
  if (result.status !== 0) {
    const lastLines = (result.stderr ?? "").trim().split("\n").slice(-3).join(" | ");
    return [`npm install exited with ${result.status}: ${lastLines}`];
  }
  return missing.filter((name) => !existsSync(packageJsonUrl(name))).map((name) => `${name} is still missing`);
}

/**
 * Imports a peer's ESM entry point. The caller names the shape it relies on; nothing is checked
 * beyond the import succeeding, so a peer that changed its API fails where it is used.
 *
 * @example
 * const ax = await loadPeer<AxModule>("@ax-llm/ax");
 */
export async function loadPeer<T>(name: PeerName): Promise<PeerLoad<T>> {
  if (!existsSync(packageJsonUrl(name))) return { ok: false, reason: `${name} is not installed in .bench-peers/` };
  const manifest = JSON.parse(readFileSync(packageJsonUrl(name), "utf8")) as PackageManifest;
  try {
    const entry = new URL(esmEntry(manifest), packageJsonUrl(name));
    const module = (await import(pathToFileURL(entry.pathname).href)) as T;
    return { ok: true, module, version: manifest.version };
  } catch (error) {
    return { ok: false, reason: `${name}@${manifest.version} failed to load: ${firstLine(error)}` };
  }
}

interface PackageManifest {
  version: string;
  main?: string;
  module?: string;
  exports?: Record<string, unknown>;
}

function esmEntry(manifest: PackageManifest): string {
  const root = manifest.exports?.["."];
  if (typeof root === "string") return root;
  const conditional = (root ?? {}) as { import?: unknown; default?: unknown };
  const target = conditional.import ?? conditional.default;
  if (typeof target === "string") return target;
  if (target && typeof target === "object" && "default" in target && typeof target.default === "string") {
    return target.default;
  }
  return manifest.module ?? manifest.main ?? "index.js";
}

function packageJsonUrl(name: PeerName): URL {
  return new URL(`node_modules/${name}/package.json`, peersDir);
}

/**
 * The first line of an error's message, for one-line reports.
 *
 * @example
 * firstLine(new Error("boom\nstack")); // "boom"
 */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0] ?? text;
}
