import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const bin = fileURLToPath(new URL("../bin/judgeloop.js", import.meta.url));
const dist = fileURLToPath(new URL("../dist", import.meta.url));

describe("bin/judgeloop.js", () => {
  it("runs the built JavaScript bundle, which imports no TypeScript and no tsx", async () => {
    const { stdout } = await run(process.execPath, [bin, "--help"]);
    const files = (await readdir(dist, { recursive: true })).filter((file) => file.endsWith(".js"));
    const sources = await Promise.all(files.map((file) => readFile(join(dist, file), "utf8")));

    expect(stdout).toMatch(/Usage: judgeloop/);
    expect(stdout).toMatch(/evaluate/);
    const specifiers = sources.flatMap((source) =>
      [...source.matchAll(/(?:from\s*|import\s*\(\s*)["']([^"']+)["']/g)].map((match) => match[1]),
    );
    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.filter((specifier) => specifier?.endsWith(".ts") || /^tsx(\/|$)/.test(specifier ?? ""))).toEqual(
      [],
    );
  });

  it("says to run npm run build when the bundle is missing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "judgeloop-bin-"));
    try {
      await mkdir(join(dir, "bin"));
      await copyFile(bin, join(dir, "bin", "judgeloop.js"));

      const failure = await run(process.execPath, [join(dir, "bin", "judgeloop.js"), "--help"]).catch((e) => e);

      expect(failure.code).toBe(1);
      expect(failure.stderr).toMatch(/not built.*npm run build/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the CLI package", () => {
  it("needs no TypeScript loader at run time: tsx is not among its dependencies", async () => {
    const manifest = JSON.parse(await readFile(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8"));

    expect(Object.keys(manifest.dependencies)).not.toContain("tsx");
  });
});
