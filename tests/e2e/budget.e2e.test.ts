import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeloop, loggedCalls, offlineEnv, scratch, writeSmallConfig } from "./support/cli.ts";

// A pipeline whose upper bound is above its cap, as a user runs it: refused before any LM call,
// or with --fit-budget scaled to fit and run to its end within the cap.

let dir: string;
let cleanup: () => Promise<void>;
let config: string;
let estimateUsd: number;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  ({ dir, cleanup } = await scratch("budget"));
  const unbounded = await writeSmallConfig(dir);
  const estimate = await judgeloop(["pipeline", "--config", unbounded, "--estimate", "--json"], offlineEnv());
  estimateUsd = JSON.parse(estimate.stdout).total.costUsd;
  // 25 validation labels are too few for the default gate; passing it is not what this tests.
  config = await writeSmallConfig(dir, {
    budget: { capUsd: Number((estimateUsd * 0.85).toFixed(4)) },
    gate: { kappaLowerThreshold: -1 },
  });
});

afterAll(async () => {
  await cleanup();
});

function pipeline(home: string, extra: string[] = []) {
  const env = offlineEnv({ JUDGELOOP_HOME: file(home), JUDGELOOP_SIM_CALL_LOG: file(`${home}.calls`) });
  return judgeloop(["pipeline", "--config", config, "--json", ...extra], env);
}

describe("judgeloop pipeline over its cap", () => {
  it("refuses before any LM call, printing the estimate per stage and the cap, and stores nothing", async () => {
    const result = await pipeline("refused");

    expect(result.code).toBe(1);
    const refused = JSON.parse(result.stdout);
    const capUsd = Number((estimateUsd * 0.85).toFixed(4));
    expect(refused).toMatchObject({ status: "refused", capUsd, estimate: { total: { costUsd: estimateUsd } } });
    expect(refused.stages.map((s: { stage: string }) => s.stage)).toEqual([
      "generate",
      "label",
      "judge-eval",
      "judge-optimize",
      "generator-optimize",
      "compare",
    ]);
    expect(result.stderr).toMatch(
      new RegExp(`judgeloop: the run's upper bound is \\$[\\d.]+, above its cap of \\$${capUsd} \\(generate \\$`),
    );
    expect(result.stderr).toContain("--fit-budget");
    expect(await loggedCalls(file("refused.calls"))).toHaveLength(0);
    expect(existsSync(join(file("refused"), "runs"))).toBe(false);
  });

  it("with --fit-budget scales the sizes to fit, records what it scaled, and finishes within the cap", async () => {
    const result = await pipeline("fitted", ["--fit-budget"]);

    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    const { overview } = summary;
    expect(overview.status).toBe("completed");
    expect(summary.notRun).toEqual({});
    expect(overview.spend.costUsd).toBeGreaterThan(0);
    expect(overview.spend.costUsd).toBeLessThanOrEqual(overview.spend.capUsd);
    expect(overview.budgetFit.estimate.from).toBeCloseTo(estimateUsd, 6);
    expect(overview.budgetFit.estimate.to + overview.budgetFit.headroomUsd).toBeLessThanOrEqual(overview.spend.capUsd);
    expect(Object.keys(overview.budgetFit.scaled).length).toBeGreaterThan(0);
    for (const size of Object.values(overview.budgetFit.scaled) as { from: number; to: number }[]) {
      expect(size.to).toBeLessThan(size.from);
    }
    expect(summary.generator.holdout.n).toBeGreaterThan(0);
    expect((await loggedCalls(file("fitted.calls"))).length).toBe(overview.spend.calls);
  });
});
