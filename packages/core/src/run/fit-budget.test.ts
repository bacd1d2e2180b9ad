import { beforeAll, describe, expect, it } from "vitest";
import { loadLanguageDetector } from "../data/language.ts";
import { type PreparedDatasets, prepareConversations } from "../data/prepare.ts";
import { bundledConversations } from "../data/testdata/bundled.ts";
import { loadTokenizer } from "../lm/tokens.ts";
import { estimateRun } from "./estimate-run.ts";
import { planRunBudget } from "./fit-budget.ts";
import { createPipelineRun, executeRun } from "./run-engine.ts";
import type { RunInput } from "./run-input.ts";
import { engineHarness, smallRunInput } from "./testdata/engine-harness.ts";

let datasets: PreparedDatasets;
let unbounded: number;

beforeAll(async () => {
  const input = smallRunInput();
  const source = { format: "jsonl" as const, map: {} };
  const detector = await loadLanguageDetector();
  await loadTokenizer();
  datasets = prepareConversations(bundledConversations(), input.config.prepare, { detector, source }).datasets;
  unbounded = estimateRun({ input, datasets }).total.costUsd ?? Number.NaN;
});

/**
 * The small run with a dollar cap at `share` of its unbounded upper bound. Its 20 validation
 * labels are too few for the default gate, and passing it is not what these tests are about.
 */
function cappedAt(share: number, fitBudget?: boolean): RunInput {
  const budget = { capUsd: unbounded * share, ...(fitBudget !== undefined && { fitBudget }) };
  return smallRunInput({ budget, gate: { kappaLowerThreshold: -1 } });
}

describe("planRunBudget", () => {
  it("keeps a run whose upper bound is within its cap as it is", () => {
    const input = cappedAt(1.01);

    const plan = planRunBudget({ input, datasets });

    expect(plan.refusal).toBeUndefined();
    expect(plan.input).toBe(input);
    expect(plan.estimate.total.costUsd).toBeCloseTo(unbounded, 10);
  });

  it("refuses a run over its cap, naming its upper bound, every stage's share and the cap", () => {
    const input = cappedAt(0.7);

    const plan = planRunBudget({ input, datasets });

    expect(plan.refusal?.capUsd).toBe(input.config.budget.capUsd);
    expect(plan.refusal?.estimate.total.costUsd).toBeCloseTo(unbounded, 10);
    expect(plan.refusal?.message).toMatch(
      /^the run's upper bound is \$[\d.]+, above its cap of \$[\d.]+ \(generate \$[\d.]+, label \$[\d.]+, judge-eval \$[\d.]+, judge-optimize \$[\d.]+, generator-optimize \$[\d.]+, compare \$[\d.]+\); .*--fit-budget/,
    );
  });

  it("with fitBudget scales the compare sample and optimizer sizes until the upper bound fits, and records each change", () => {
    const input = cappedAt(0.95, true);

    const plan = planRunBudget({ input, datasets });

    expect(plan.refusal).toBeUndefined();
    const cap = input.config.budget.capUsd ?? 0;
    expect(plan.estimate.total.costUsd).toBeLessThanOrEqual(cap);
    expect(estimateRun({ input: plan.input, datasets }).total).toEqual(plan.estimate.total);
    const fit = plan.input.budgetFit;
    expect(fit?.estimate).toMatchObject({ unit: "usd", to: plan.estimate.total.costUsd });
    expect(fit?.estimate.from).toBeCloseTo(unbounded, 10);
    // The calls in flight at once reserve their worst case: the bound leaves room for them.
    expect(fit?.headroomUsd).toBeGreaterThan(0);
    expect((plan.estimate.total.costUsd ?? 0) + (fit?.headroomUsd ?? 0)).toBeLessThanOrEqual(cap);
    expect(fit?.scaled["compare.trainSample"]).toEqual({ from: datasets.devTrain.rows.length, to: 10 });
    for (const [key, { from, to }] of Object.entries(fit?.scaled ?? {})) {
      expect(to, key).toBeLessThan(from);
    }
    expect(plan.input.config.compare.trainSample).toBe(10);
    expect(planRunBudget({ input, datasets }).input).toEqual(plan.input);
  });

  it("gives up trials only after the compare sample and demo candidates reach their floors", () => {
    const plan = planRunBudget({ input: cappedAt(0.95, true), datasets });

    const scaled = plan.input.budgetFit?.scaled ?? {};
    expect(scaled["optimizer.generator.numTrials"]?.to).toBeLessThan(
      scaled["optimizer.generator.numTrials"]?.from ?? 0,
    );
    expect(scaled["compare.trainSample"]?.to).toBe(10);
    expect(scaled["optimizer.judge.numDemoCandidates"]?.to).toBe(2);
    expect(scaled["optimizer.generator.numDemoCandidates"]?.to).toBe(2);
  });

  it("refuses with fitBudget when even the smallest sizes do not fit", () => {
    const plan = planRunBudget({ input: cappedAt(0.05, true), datasets });

    expect(plan.refusal?.message).toMatch(/even the smallest optimizer sizes do not fit/);
    expect(plan.input.budgetFit).toBeUndefined();
  });

  it("plans a run that the engine then finishes within its cap, every stage done", async () => {
    const harness = engineHarness();
    const { input } = planRunBudget({ input: cappedAt(0.95, true), datasets });
    expect(input.budgetFit).toBeDefined();
    await createPipelineRun(harness.runs, { runId: "run-fit", input, now: new Date().toISOString() });

    const outcome = await executeRun("run-fit", harness.deps);

    expect(outcome.status).toBe("succeeded");
    const [summary] = harness.summaries;
    expect(summary?.overview.spend.costUsd).toBeGreaterThan(0);
    expect(summary?.overview.spend.costUsd).toBeLessThanOrEqual(input.config.budget.capUsd ?? 0);
    expect(summary?.overview.budgetFit).toEqual(input.budgetFit);
    expect(summary?.notRun).toEqual({});
  });
});
