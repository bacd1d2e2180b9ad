import { beforeAll, describe, expect, it } from "vitest";
import { exactMatch } from "../evaluate/metrics.ts";
import { ChainOfThought } from "../module/chain-of-thought.ts";
import type { Example } from "../module/example.ts";
import { Program } from "../module/program.ts";
import { SimLM } from "../sim/sim-lm.ts";
import { runOptimizer } from "./run-optimizer.ts";
import { judgeExamples } from "./testdata/airline.ts";

// Runs against the simulator: every score here is simulated.

let train: Example[] = [];

/** The baseline judge with no LM of its own: the optimizer's `lm` runs it, as `judgeloop optimize` does. */
function unboundJudge() {
  return new Program({ judge: new ChainOfThought("transcript -> satisfied: boolean") }, (p, inputs, ctx) =>
    p.judge.call(inputs, ctx),
  );
}

beforeAll(async () => {
  train = await judgeExamples(30, new SimLM("sim/strong"), "run-optimizer-tests");
});

describe("runOptimizer bootstrap-gepa", () => {
  it("starts GEPA from bootstrapped demos, within the call cap, counting the bootstrap's calls", async () => {
    // Prepare
    const weak = new SimLM("sim/weak");
    const options = { metric: exactMatch("satisfied"), trainset: train, proposerLM: new SimLM("sim/strong"), lm: weak };
    const mipro = { seed: 5, budget: { maxCalls: 120 } };

    // Act
    const run = await runOptimizer({
      ...options,
      kind: "bootstrap-gepa",
      program: unboundJudge(),
      mipro,
    });
    const plain = await runOptimizer({
      ...options,
      kind: "gepa",
      program: unboundJudge(),
      mipro,
    });

    // Assess
    const demos = run.program.toState().predictors.judge?.demos ?? [];
    const gepaState = run.state as { plan: { config: { maxMetricCalls: number } }; spend: { calls: number } };
    expect(run.kind).toBe("bootstrap-gepa");
    expect(demos.length).toBeGreaterThan(0);
    expect(plain.program.toState().predictors.judge?.demos ?? []).toEqual([]);
    // The bootstrap's calls are in the spend, on top of GEPA's own, and the whole stays under the cap.
    expect(run.spend.calls).toBeGreaterThan(gepaState.spend.calls);
    expect(run.spend.calls).toBeLessThanOrEqual(120);
    expect(gepaState.plan.config.maxMetricCalls).toBeLessThan(
      (plain.state as { plan: { config: { maxMetricCalls: number } } }).plan.config.maxMetricCalls,
    );
  });
});
