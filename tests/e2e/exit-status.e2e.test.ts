import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type SimServer, startSimServer } from "@judgeloop/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeloopInProcess } from "../../packages/cli/src/testing/in-process.ts";
import { judgeloop, offlineEnv, scratch } from "./support/cli.ts";

// Exit status as a script sees it: 0 only when the command did its job, the `--json` result
// printed first either way. The failing answers come from the simulator's server with faults on
// (deterministic per request), reached as an OpenAI-compatible endpoint.

let dir: string;
let cleanup: () => Promise<void>;
let broken: SimServer;
let flaky: SimServer;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  ({ dir, cleanup } = await scratch("exit-status"));
  broken = await startSimServer({ faults: "malformed:1" });
  flaky = await startSimServer({ faults: "malformed:0.5" });
  const rows = Array.from({ length: 24 }, (_, i) => ({
    id: `c${i}`,
    transcript: `Customer: my bag ${i} is lost\nSupport: Sorry! DM us your file number and we'll trace bag ${i}.`,
    satisfied: i % 2 === 0,
  }));
  await writeFile(file("judged.jsonl"), rows.map((row) => JSON.stringify(row)).join("\n"));
});

afterAll(async () => {
  await Promise.all([broken.close(), flaky.close()]);
  await cleanup();
});

function evaluateOn(server: SimServer, extra: string[] = []) {
  const args = ["evaluate", "--dataset", file("judged.jsonl"), "--signature", "transcript -> satisfied: boolean"];
  const env = offlineEnv({ JUDGELOOP_HOME: file(`home-${server.port}`), OPENAI_BASE_URL: server.baseURL });
  return judgeloop([...args, "--model", "openai/sim-judge", "--metric", "exact:satisfied", "--json", ...extra], env);
}

describe("judgeloop evaluate exit status", () => {
  it("exits non-zero after printing the result when every example ended in an error", async () => {
    const result = await evaluateOn(broken);

    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ score: null, n: 0, errors: 24 });
    expect(result.stderr).toMatch(/judgeloop: evaluate: every one of 24 examples ended in an error; first: parse/);
  });

  it("exits non-zero when errors pass --max-error-rate, and 0 when the rate allows them", async () => {
    const strict = await evaluateOn(flaky);
    const lenient = await evaluateOn(flaky, ["--max-error-rate", "0.9"]);

    const output = JSON.parse(strict.stdout);
    expect(output.errors).toBeGreaterThan(0.1 * 24);
    expect(output.n).toBeGreaterThan(0);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(
      new RegExp(
        `judgeloop: evaluate: ${output.errors} of 24 examples ended in an error .*above --max-error-rate 0\\.1`,
      ),
    );
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(JSON.parse(lenient.stdout).errors).toBe(output.errors);
  });
});

// In process: nothing runs past the parser.
describe("judgeloop unknown options and commands", () => {
  it("names an unknown option, with the closest valid one, before any missing required option", async () => {
    const result = await judgeloopInProcess("evaluate", "--datset", "x");

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: unknown option '--datset'");
    expect(result.stderr).toContain("(Did you mean --dataset?)");
    expect(result.stderr).not.toContain("required option");
  });

  it("names an unknown command, with the closest valid one", async () => {
    const result = await judgeloopInProcess("evalute", "--dataset", "x");

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: unknown command 'evalute'");
    expect(result.stderr).toContain("(Did you mean evaluate?)");
  });

  it("names an unknown option of a nested command", async () => {
    const result = await judgeloopInProcess("models", "check", "--jsn");

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: unknown option '--jsn'");
    expect(result.stderr).toContain("(Did you mean --json?)");
  });
});
