import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));

describe("examples/library/judge-five.ts (the README's library example)", () => {
  it("evaluates a ChainOfThought judge on five examples with the simulator and says so", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "examples/library/judge-five.ts"], {
      cwd: root,
    });

    const match = /^agreement ([\d.]+) over (\d+) examples \(simulated: (true|false)\)$/m.exec(stdout);
    expect(match).not.toBeNull();
    expect(Number(match?.[2])).toBe(5);
    expect(match?.[3]).toBe("true");
    expect(Number(match?.[1])).toBeGreaterThanOrEqual(0.6);
  });
});
