import { beforeAll, describe, expect, it } from "vitest";
import { loadLanguageDetector } from "../data/language.ts";
import { type PreparedDatasets, prepareConversations } from "../data/prepare.ts";
import { bundledConversations } from "../data/testdata/bundled.ts";
import { loadTokenizer } from "../lm/tokens.ts";
import { planGepa } from "../optimize/gepa-plan.ts";
import { estimateRun, optimizerPlanInputs } from "./estimate-run.ts";
import { gepaOptionsFrom } from "./optimizer-options.ts";
import { smallRunInput } from "./testdata/engine-harness.ts";

let datasets: PreparedDatasets;

beforeAll(async () => {
  const input = smallRunInput();
  const detector = await loadLanguageDetector();
  await loadTokenizer();
  const source = { format: "jsonl" as const, map: {} };
  datasets = prepareConversations(bundledConversations(), input.config.prepare, { detector, source }).datasets;
});

const judgeOptimize = (parts: ReturnType<typeof estimateRun>["parts"]) =>
  parts.find((p) => p.stage === "judge-optimize" && p.model.includes(" + "));

describe("estimateRun with a GEPA optimization", () => {
  it("counts GEPA's planned calls, not MIPRO's, and scales tokens and dollars with them", () => {
    // Prepare
    const mipro = smallRunInput({ optimizer: { judge: {}, generator: { numTrials: 3 } } });
    const gepa = smallRunInput({
      optimizer: { judge: { kind: "gepa", maxMetricCalls: 60 }, generator: { numTrials: 3 } },
    });

    // Act
    const miproPart = judgeOptimize(estimateRun({ input: mipro, datasets }).parts);
    const gepaPart = judgeOptimize(estimateRun({ input: gepa, datasets }).parts);

    // Assess
    const plan = optimizerPlanInputs(gepa, datasets).judge;
    const expected = planGepa({
      program: plan.program,
      trainset: plan.trainset,
      options: gepaOptionsFrom(gepa.config.optimizer.judge, plan.options),
    }).plan.estimatedCalls;
    expect(gepaPart?.calls).toBe(expected);
    expect(gepaPart?.calls).not.toBe(miproPart?.calls);
    const perCall = (p: typeof gepaPart) => (p?.inputTokens ?? 0) / (p?.calls ?? 1);
    // Priced at the tokens per call of MIPRO's plan for the same optimization.
    expect(perCall(gepaPart)).toBeCloseTo(perCall(miproPart), 0);
    expect(gepaPart?.costUsd).toBeGreaterThan(0);
  });

  it("grows with GEPA's metric-call budget", () => {
    const sized = (maxMetricCalls: number) =>
      judgeOptimize(
        estimateRun({
          input: smallRunInput({ optimizer: { judge: { kind: "gepa", maxMetricCalls }, generator: {} } }),
          datasets,
        }).parts,
      );

    const small = sized(40);
    const large = sized(400);

    expect(large?.calls ?? 0).toBeGreaterThan((small?.calls ?? 0) * 5);
    expect(large?.costUsd ?? 0).toBeGreaterThan(small?.costUsd ?? 0);
  });
});
