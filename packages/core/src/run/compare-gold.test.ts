import { beforeAll, describe, expect, it } from "vitest";
import { loadLanguageDetector } from "../data/language.ts";
import { prepareConversations } from "../data/prepare.ts";
import { bundledConversations } from "../data/testdata/bundled.ts";
import { loadTokenizer } from "../lm/tokens.ts";
import { getJson } from "../ports/artifact-store.ts";
import { estimateRun } from "./estimate-run.ts";
import { baselineGenerator } from "./programs.ts";
import { createPipelineRun, executeRun } from "./run-engine.ts";
import type { StagePass } from "./stage-jobs.ts";
import type { RunSummaryData } from "./summary-types.ts";
import { type EngineHarness, engineHarness, smallRunInput } from "./testdata/engine-harness.ts";

const now = () => new Date().toISOString();

/**
 * Instructions a generator that games a length-loving judge might end up with: long, polite,
 * padded, and never brief (the simulator writes filler-laden replies for them, which gold's
 * conciseness criterion fails).
 */
const gamingInstructions =
  "Write the next Support message. Be detailed, thorough and comprehensive, and never be brief. Do not be polite.";

describe("compare stage gold check", () => {
  describe("on a run whose optimized generator really improved (simulated)", () => {
    let harness: EngineHarness;
    let summary: RunSummaryData | undefined;

    beforeAll(async () => {
      harness = engineHarness();
      await createPipelineRun(harness.runs, { runId: "agree", input: smallRunInput(), now: now() });
      await executeRun("agree", harness.deps);
      [summary] = harness.summaries;
    });

    it("labels both programs' holdout replies with the gold model, as stage jobs of the compare stage", async () => {
      // Assess: the compare stage stored one gold-judge pass per program, one job per holdout reply
      const keys = await harness.deps.artifacts.list("runs/agree/stage-jobs/compare/");
      const passes = await Promise.all(
        keys
          .filter((k) => /pass-\d+\.json$/.test(k))
          .map(async (k) => ({ key: k, pass: await getJson(harness.deps.artifacts, k) })),
      );
      const goldPasses = passes.filter((p) => (p.pass as StagePass).program.kind === "gold-judge");
      expect(goldPasses).toHaveLength(2);
      for (const { pass } of goldPasses) expect(pass).toMatchObject({ model: "sim/gold", temperature: 0 });
      const gold = summary?.generator?.gold;
      const holdoutN = summary?.generator?.holdout.n ?? 0;
      expect(holdoutN).toBeGreaterThan(0);
      expect(gold?.labeller).toEqual({ model: "sim/gold", smeLabels: 0, modelLabels: 2 * holdoutN });
      expect(gold?.gold.n).toBe(holdoutN);
      expect(summary?.notRun["generator.gold"]).toBeUndefined();
    });

    it("finds the judge's gain and gold's agreeing, with the verdict saying so", () => {
      const gold = summary?.generator?.gold;

      expect(gold?.judge.difference.value).toBeGreaterThan(0.1);
      expect(gold?.gold.difference.value).toBeGreaterThan(0.1);
      expect(gold?.gainGap.interval?.lower).toBeLessThanOrEqual(0);
      expect(gold?.gainGap.interval?.upper).toBeGreaterThanOrEqual(0);
      expect(gold?.agreement.optimized.kappa.value).toBeGreaterThan(0.6);
      expect(gold?.disagreements.total).toBeLessThanOrEqual(2);
      expect(gold?.verdict).toMatch(
        /^Optimized replies gained \+\d+\.\d pp on the judge and \+\d+\.\d pp on gold: the two gains agree/,
      );
    });
  });

  describe("on a run whose generator games a length-biased judge (simulated)", () => {
    let harness: EngineHarness;
    let summary: RunSummaryData | undefined;

    beforeAll(async () => {
      harness = engineHarness();
      const input = {
        ...smallRunInput({
          prepare: { seed: 10, sample: { size: 140 }, splits: { judgeSet: 50, judgeValidation: 20, devHoldout: 60 } },
        }),
        force: true,
      };
      input.models = { ...input.models, judge: "sim/judge@0" };
      // The generator optimizer "finds" a generator that writes long replies (its pick replaced).
      const gaming = baselineGenerator().toState();
      for (const predictor of Object.values(gaming.predictors)) predictor.signature.instructions = gamingInstructions;
      const { optimize } = harness.deps.services;
      const services = {
        ...harness.deps.services,
        optimize: async (request: Parameters<typeof optimize>[0]) => {
          const state = await optimize(request);
          if (request.stage !== "generator-optimize" || state.result === undefined) return state;
          return { ...state, result: { ...state.result, program: gaming } } as typeof state;
        },
      };
      await createPipelineRun(harness.runs, { runId: "game", input, now: now() });
      await executeRun("game", { ...harness.deps, services });
      [summary] = harness.summaries;
    });

    it("shows the judge gaining more than gold, and lists the long replies the judge passes and gold fails", () => {
      const gold = summary?.generator?.gold;
      const judgeGain = gold?.judge.difference.value ?? Number.NaN;
      const goldGain = gold?.gold.difference.value ?? Number.NaN;

      expect(summary?.generator?.length.optimized.mean ?? 0).toBeGreaterThan(
        1.5 * (summary?.generator?.length.baseline.mean ?? Number.POSITIVE_INFINITY),
      );
      expect(judgeGain - goldGain).toBeGreaterThan(0.15);
      expect(gold?.gainGap.interval?.lower).toBeGreaterThan(0);
      expect(gold?.verdict).toMatch(/the judge credits more gain than gold does .*gaming its judge\.$/);
      const disagreements = gold?.disagreements;
      expect(disagreements?.judgePassGoldFail ?? 0).toBeGreaterThan(5 * (disagreements?.judgeFailGoldPass ?? 0) + 5);
      const listed = disagreements?.examples.filter((d) => d.direction === "judge-pass-gold-fail") ?? [];
      const meanLength = listed.reduce((sum, d) => sum + d.length, 0) / listed.length;
      expect(meanLength).toBeGreaterThan(summary?.generator?.length.baseline.mean ?? Number.POSITIVE_INFINITY);
      expect(listed[0]?.goldCritique).toBeTruthy();
      // Over both programs' replies gold fails the long ones; the judge's verdicts lean towards length.
      const { both } = gold?.length ?? {};
      expect(both?.gold.correlation.interval?.upper ?? 1).toBeLessThan(0);
      expect(both?.judge.correlation.value ?? 0).toBeGreaterThan(both?.gold.correlation.interval?.upper ?? 1);
    });
  });

  describe("in the run's estimate", () => {
    it("counts one gold-model call per holdout reply of each program and one failure-mode call, none when SMEs label", async () => {
      // Prepare
      const input = smallRunInput();
      const detector = await loadLanguageDetector();
      await loadTokenizer();
      const source = { format: "jsonl" as const, map: {} };
      const { datasets } = prepareConversations(bundledConversations(), input.config.prepare, { detector, source });
      const sme = smallRunInput({ labels: { source: "sme", file: "sme.csv" } });

      // Act
      const estimate = estimateRun({ input, datasets });
      const smeEstimate = estimateRun({ input: sme, datasets });

      // Assess
      const goldCompare = (parts: typeof estimate.parts) =>
        parts.filter((p) => p.stage === "compare" && p.model === "sim/gold");
      expect(goldCompare(estimate.parts)).toEqual([
        expect.objectContaining({ calls: 2 * datasets.devHoldout.rows.length, costUsd: expect.any(Number) }),
      ]);
      expect(goldCompare(estimate.parts)[0]?.inputTokens).toBeGreaterThan(0);
      expect(goldCompare(smeEstimate.parts)).toEqual([]);
      // The failure-mode grouping: one proposer call, sized for every holdout critique.
      const grouping = (parts: typeof estimate.parts) =>
        parts.filter((p) => p.stage === "compare" && p.model === input.models.proposer);
      expect(grouping(estimate.parts)).toEqual([expect.objectContaining({ calls: 1, costUsd: expect.any(Number) })]);
      expect(grouping(estimate.parts)[0]?.inputTokens).toBeGreaterThan(2 * datasets.devHoldout.rows.length * 100);
      expect(grouping(smeEstimate.parts)).toEqual([]);
    });
  });
});
