import { agreementReport, comparePrograms, judgeStability, lengthBias } from "@judgeloop/core";
import { type RunSummary, runSummaryFormat } from "../summary.ts";

/** Booleans from a string of 1s and 0s: "1101" → [true, true, false, true]. */
function bits(spec: string): boolean[] {
  return [...spec].map((c) => c === "1");
}

function pairs(predicted: string, gold: string) {
  const golds = bits(gold);
  return bits(predicted).map((p, i) => ({ predicted: p, gold: golds[i] ?? false }));
}

function records(spec: string) {
  return bits(spec).map((pass, i) => ({ id: `c${i}`, pass }));
}

const gold = "110100101101001011010010";
const zeroSpend = { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };

/**
 * A small but complete RunSummary computed by core's metrics from hand-written verdicts, with no
 * LM involved: fast enough for every unit test. `buildSampleSummary` is the realistic one.
 *
 * @example
 * const summary = smallSummary();
 */
export function smallSummary(): RunSummary {
  const report = (predicted: string) => agreementReport(pairs(predicted, gold), { seed: 1, resamples: 200 });
  const baselineRuns = "110011100101101000110011";
  const optimizedRuns = "111110101111011011110111";
  const comparison = comparePrograms(records(baselineRuns), records(optimizedRuns), { seed: 2, resamples: 200 });
  const replies = bits(optimizedRuns).map((verdict, i) => ({ length: 12 + ((i * 7) % 40), verdict }));
  return {
    format: runSummaryFormat,
    overview: {
      runId: "run-small",
      configName: "small fixture",
      status: "completed",
      startedAt: "2025-06-01T09:00:00.000Z",
      finishedAt: "2025-06-01T09:01:05.000Z",
      durationMs: 65_000,
      simulated: true,
      models: { generator: "sim/medium", judge: "sim/judge", gold: null, proposer: "sim/strong" },
      labels: { source: "sme", count: 24, satisfied: 12 },
      datasets: [
        { name: "imported", id: "a".repeat(64), size: 48, lineage: { parent: null, transform: "import", seed: null } },
        {
          name: "sampled",
          id: "b".repeat(64),
          size: 24,
          lineage: { parent: "a".repeat(64), transform: "sample", seed: 7 },
        },
      ],
      spend: { calls: 1234, inputTokens: 456_789, outputTokens: 12_345, costUsd: 0.4321, capUsd: 2 },
    },
    judge: {
      train: { baseline: report("100110101001011010110010"), optimized: report("110100101101001011010110") },
      validation: { baseline: report("010110100101001111010010"), optimized: report("110100101100001011010010") },
      stability: {
        program: "optimized",
        split: "validation",
        temperature: 0.7,
        report: judgeStability([
          { id: "a", verdicts: bits("11111") },
          { id: "b", verdicts: bits("11011") },
          { id: "c", verdicts: bits("00000") },
        ]),
      },
      gate: {
        passed: true,
        forced: false,
        allowed: true,
        threshold: 0.3,
        kappaLower: 0.42,
        reason: "The kappa lower bound clears the threshold.",
      },
    },
    optimizer: {
      judge: {
        optimizer: "random search",
        metric: "agreement with the gold labels",
        trainSize: 24,
        baselineScore: 0.5,
        bestScore: 0.875,
        trials: [
          { index: 0, kind: "full", n: 24, score: 0.5, instructionIndex: 0, demoSetIndex: 0, bestSoFar: 0.5 },
          { index: 1, kind: "minibatch", n: 8, score: 0.875, instructionIndex: 1, demoSetIndex: 1, bestSoFar: 0.5 },
          { index: 2, kind: "full", n: 24, score: 0.875, instructionIndex: 1, demoSetIndex: 1, bestSoFar: 0.875 },
        ],
        instructions: [
          { index: 0, text: "Decide whether the customer is satisfied.", score: 0.5, trials: 1 },
          {
            index: 1,
            text: "Check that the reply addresses the question\nand offers a next step.",
            score: 0.875,
            trials: 2,
          },
        ],
        chosen: { instructionIndex: 1, demoSetIndex: 1 },
        demos: [{ predictor: "judge", fields: { transcript: "Customer: lost bag\nSupport: DM us.", satisfied: true } }],
      },
    },
    generator: {
      metric: "the optimized judge's verdict",
      train: comparison,
      holdout: comparison,
      length: {
        unit: "words",
        split: "holdout",
        baseline: { mean: 20.5, median: 19, values: [12, 19, 22, 29] },
        optimized: { mean: 31.25, median: 30.5, values: [25, 30, 31, 39] },
        bias: lengthBias(replies, { bins: 3 }),
      },
      cost: { baseline: zeroSpend, optimized: { ...zeroSpend, calls: 48, costUsd: 0.0123 } },
    },
    flips: {
      total: 1,
      examples: [
        {
          id: "c0",
          split: "holdout",
          direction: "fail-to-pass",
          transcript: "Company: Delta\nTranscript so far: Customer: where is my bag?",
          baseline: { reply: "Thanks for reaching out!", verdict: false, critique: "It does not address the bag." },
          optimized: { reply: "Sorry about your bag! DM us your tag number.", verdict: true, critique: null },
        },
      ],
    },
    prompts: {
      exampleId: "c0",
      predictors: [
        {
          name: "judge",
          role: "judge",
          model: "sim/judge",
          baseline: { instructions: "Decide.", messages: [{ role: "system", content: "Decide." }] },
          optimized: {
            instructions: "Decide carefully.",
            messages: [{ role: "system", content: "Decide carefully." }],
          },
        },
      ],
    },
    notRun: { "optimizer.generator": "the sample has no generator optimization" },
  };
}
