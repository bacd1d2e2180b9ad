import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../bin/judgeloop.js", import.meta.url));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
});

/** Starts the real `judgeloop sim serve` and resolves with the JSON it prints once listening. */
async function serve(
  args: string[],
): Promise<{ child: ChildProcess; started: { baseURL: string; simulated: boolean; world: string } }> {
  const child = spawn(process.execPath, [bin, "sim", "serve", "--port", "0", "--json", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  for await (const chunk of child.stdout ?? []) {
    stdout += String(chunk);
    try {
      return { child, started: JSON.parse(stdout) };
    } catch {
      // The JSON object is not complete yet.
    }
  }
  throw new Error("judgeloop sim serve exited before printing its address");
}

/** Runs `judgeloop sim serve` with arguments it should refuse; resolves with its exit code and stderr. */
async function refused(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [bin, "sim", "serve", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const [code] = await once(child, "exit");
  return { code, stderr };
}

describe("judgeloop sim serve", () => {
  it("serves the simulator on 127.0.0.1 until SIGTERM, then exits cleanly", async () => {
    // Prepare
    const { child, started } = await serve(["--rpm", "600", "--latency-ms", "5", "--faults", "malformed:0.01"]);
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += String(chunk);
    });

    // Act
    const models = await (await fetch(`${started.baseURL}/models`)).json();
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");

    // Assess
    expect(started).toMatchObject({
      baseURL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1$/),
      simulated: true,
    });
    expect(models.data.map((m: { id: string }) => m.id)).toContain("sim/weak");
    expect(code).toBe(0);
    expect(stderr).toMatch(/Stopped after 0 requests/);
  });

  it("serves in the world given by --world and says which", async () => {
    const { child, started } = await serve(["--world", "evidence"]);

    child.kill("SIGTERM");
    await once(child, "exit");

    expect(started).toMatchObject({ simulated: true, world: "evidence" });
  });

  it("rejects an unknown world, listing the worlds", async () => {
    const { code, stderr } = await refused(["--world", "nowhere"]);

    expect(code).not.toBe(0);
    expect(stderr).toMatch(/unknown simulated world "nowhere": the worlds are default, evidence, interplay, brisk/);
  });

  it("rejects a bad fault spec, naming the problem", async () => {
    const { code, stderr } = await refused(["--faults", "404:0.1"]);

    expect(code).not.toBe(0);
    expect(stderr).toMatch(/fault "404": expected a 5xx status, 429, timeout or malformed/);
  });
});
