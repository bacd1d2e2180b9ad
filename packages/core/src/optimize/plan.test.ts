import { beforeAll, describe, expect, it } from "vitest";
import { loadTokenizer } from "../lm/tokens.ts";
import { Predict } from "../module/predict.ts";
import type { ExampleData } from "./example-data.ts";
import { planMipro } from "./plan.ts";
import { autoRunSettings, resolveConfig, trialsFor } from "./presets.ts";

function examples(count: number): ExampleData[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `ex-${i}`,
    values: { transcript: `Customer: my bag number ${i} is lost\nSupport: Sorry! DM us.`, satisfied: i % 2 === 0 },
    inputs: ["transcript"],
  }));
}

const judge = new Predict("transcript -> satisfied: boolean", { lm: "sim/weak" });

// Token counts (simulated usage, estimates) need the tokenizer loaded.
beforeAll(() => loadTokenizer());

describe("trialsFor", () => {
  it("follows DSPy's formula max(2·v·log2(n), 1.5·n) for the auto presets", () => {
    // Act
    const trials = (["light", "medium", "heavy"] as const).map((auto) => trialsFor(2, autoRunSettings[auto].n));

    // Assess
    expect(trials).toEqual([10, 18, 27]);
  });
});

describe("resolveConfig", () => {
  it("derives candidate counts from the preset: n demo sets and n/2 instructions", () => {
    // Act
    const config = resolveConfig({ auto: "medium" }, 1, 300);

    // Assess
    expect(config.numDemoCandidates).toBe(12);
    expect(config.numInstructionCandidates).toBe(6);
    expect(config.numTrials).toBe(18);
    expect(config.minibatch).toBe(true);
    expect(config.minibatchSize).toBe(35);
  });

  it("evaluates the whole valset every trial when it has 50 examples or fewer", () => {
    // Act
    const config = resolveConfig({ auto: "light" }, 1, 40);

    // Assess
    expect(config.minibatch).toBe(false);
  });

  it("lets explicit numbers win over the preset", () => {
    // Act
    const config = resolveConfig({ auto: "heavy", numTrials: 4, minibatchSize: 8, numInstructionCandidates: 2 }, 1, 40);

    // Assess
    expect(config).toMatchObject({ numTrials: 4, minibatch: true, minibatchSize: 8, numInstructionCandidates: 2 });
  });

  it("refuses a bad option and names it", () => {
    // Act
    const act = () => resolveConfig({ auto: "light", parallelTrials: 0 }, 1, 40);

    // Assess
    expect(act).toThrow(/parallelTrials/);
  });
});

describe("planMipro", () => {
  it("carves 80% of a shuffled trainset into the valset and 20% of that apart to confirm, the same way for the same seed", () => {
    // Act
    const first = planMipro({
      program: programState(),
      trainset: examples(125),
      options: { seed: 3, confirmFraction: 0.2 },
    });
    const second = planMipro({
      program: programState(),
      trainset: examples(125),
      options: { seed: 3, confirmFraction: 0.2 },
    });

    // Assess: the valset is 100 (light's cap), 20 of them kept apart
    expect(first.valset).toHaveLength(80);
    expect(first.confirmset).toHaveLength(20);
    expect(first.trainset).toHaveLength(25);
    expect(second.valset.map((e) => e.id)).toEqual(first.valset.map((e) => e.id));
    expect(second.confirmset?.map((e) => e.id)).toEqual(first.confirmset?.map((e) => e.id));
    const ids = new Set([...first.trainset, ...first.valset, ...(first.confirmset ?? [])].map((e) => e.id));
    expect(ids.size).toBe(125);
  });

  it("keeps no confirmation split when confirmFraction is 0 and refuses one above 0.5", () => {
    // Act
    const none = planMipro({ program: programState(), trainset: examples(50), options: { confirmFraction: 0 } });
    const act = () => planMipro({ program: programState(), trainset: examples(50), options: { confirmFraction: 0.6 } });

    // Assess
    expect(none.valset).toHaveLength(40);
    expect(none.confirmset).toEqual([]);
    expect(act).toThrow(/confirmFraction/);
  });

  it("estimates calls, tokens and dollars before any call", () => {
    // Act
    const state = planMipro({
      program: programState(),
      trainset: examples(20),
      valset: examples(100),
      options: { auto: "light", minibatchSize: 10, confirmFraction: 0.2, estimate: { proposerModel: "sim/strong" } },
    });

    // Assess
    const { estimate, config } = state.plan;
    // The selection valset is 80 of the 100; the pick and the baseline also run on the other 20.
    const evaluated = 80 + config.numTrials * 10 + (Math.floor(config.numTrials / 5) + 1) * 80 + 2 * 20;
    expect(estimate.evaluation.calls).toBe(evaluated);
    expect(estimate.proposals.calls).toBe(1 + (config.numInstructionCandidates - 1));
    expect(estimate.costUsd).toBeGreaterThan(0);
    expect(state.phase).toBe("plan");
    expect(state.pending).toEqual([]);
  });

  it("shrinks the trials to fit a call budget rather than overspend", () => {
    // Act
    const state = planMipro({
      program: programState(),
      trainset: examples(20),
      valset: examples(40),
      options: { auto: "light", minibatchSize: 10, budget: { maxCalls: 200 } },
    });

    // Assess
    expect(state.plan.config.numTrials).toBeLessThan(10);
    expect(state.plan.estimate.calls).toBeLessThanOrEqual(200);
    expect(state.plan.fitsBudget).toBe(true);
    expect(state.plan.adjustments[0]).toMatch(/^trials 10 → \d+$/);
  });

  it("says when the plan cannot be priced under a dollar cap", () => {
    // Act
    const state = planMipro({
      program: programState(),
      trainset: examples(20),
      valset: examples(40),
      options: { budget: { capUsd: 1 }, estimate: { proposerModel: "acme/unknown" } },
    });

    // Assess
    expect(state.plan.fitsBudget).toBeNull();
    expect(state.plan.adjustments.join(" ")).toMatch(/no price for acme\/unknown/);
  });
});

function programState() {
  return { format: "judgeloop.program/1" as const, predictors: { judge: judge.toState() } };
}
