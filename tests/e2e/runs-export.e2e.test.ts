import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeloop, offlineEnv, runIdIn, scratch, writeSmallConfig } from "./support/cli.ts";

let dir: string;
let cleanup: () => Promise<void>;
let env: NodeJS.ProcessEnv;
let runId: string;

beforeAll(async () => {
  ({ dir, cleanup } = await scratch("runs-export"));
  env = offlineEnv({ JUDGELOOP_HOME: join(dir, "home") });
  const config = await writeSmallConfig(dir, { gate: { kappaLowerThreshold: -1 } });
  const run = await judgeloop(["pipeline", "--config", config], env);
  if (run.code !== 0) throw new Error(run.stderr);
  runId = runIdIn(run.stderr);
});

afterAll(async () => {
  await cleanup();
});

describe("judgeloop runs export --format mlflow", () => {
  it("writes the layout of an MLflow run directory", async () => {
    const out = join(dir, "mlruns", "0", runId);

    const result = await judgeloop(["runs", "export", runId, "--format", "mlflow", "--out", out, "--json"], env);
    const listed = JSON.parse((await judgeloop(["runs", "--json"], env)).stdout).runs[0];

    expect(result.code, result.stderr).toBe(0);
    expect((await readdir(out)).sort()).toEqual(["artifacts", "meta.yaml", "metrics", "params", "tags"]);
    const meta = await readFile(join(out, "meta.yaml"), "utf8");
    expect(meta).toContain(`run_id: ${runId}`);
    expect(meta).toContain("status: 3"); // FINISHED
    expect(meta).toMatch(/start_time: \d{13}\n/);
    expect(await readFile(join(out, "params", "models.generator"), "utf8")).toBe("sim/generator");
    expect(await readFile(join(out, "params", "prepare.seed"), "utf8")).toBe("10");
    const metrics = await readdir(join(out, "metrics"));
    expect(metrics).toContain("spend.calls");
    for (const name of metrics) {
      expect(await readFile(join(out, "metrics", name), "utf8")).toMatch(/^\d{13} -?\d+(\.\d+)?(e[+-]?\d+)? 0\n$/);
    }
    const calls = (await readFile(join(out, "metrics", "spend.calls"), "utf8")).split(" ")[1];
    expect(Number(calls)).toBe(listed.spend.calls);
    expect(await readFile(join(out, "tags", "mlflow.runName"), "utf8")).toBe(runId);
    expect(await readFile(join(out, "tags", "judgeloop.simulated"), "utf8")).toBe("true");
    expect(JSON.parse(await readFile(join(out, "artifacts", "run.json"), "utf8"))).toMatchObject({ id: runId });
    expect(JSON.parse(result.stdout)).toMatchObject({ dir: out, artifacts: ["run.json"] });
  });

  it("refuses an unknown run and an unknown format", async () => {
    const missing = await judgeloop(["runs", "export", "run-nope", "--format", "mlflow", "--out", join(dir, "x")], env);
    const format = await judgeloop(["runs", "export", runId, "--format", "csv", "--out", join(dir, "y")], env);

    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("no run run-nope");
    expect(format.code).not.toBe(0);
    expect(format.stderr).toContain("mlflow");
  });
});
