import { SimLM, withCost } from "@judgeloop/core";
import type { RunSummary } from "../summary.ts";
import { runSampleSummary } from "./sample-run.ts";

export interface SampleSummaryOptions {
  /** Conversations file; default the bundled airline data. */
  file?: string;
  seed?: string;
}

/**
 * A realistic RunSummary for tests and docs: the pipeline's steps run on real core pieces
 * (prepare, ChainOfThought/Predict, evaluate, agreementReport, comparePrograms, lengthBias,
 * judgeStability) with the simulator at its list prices, so every number is a true simulated
 * result. Takes a few seconds.
 *
 * @example
 * const summary = await buildSampleSummary();
 * summary.overview.simulated; // true
 */
export async function buildSampleSummary(options: SampleSummaryOptions = {}): Promise<RunSummary> {
  return runSampleSummary({
    lm: (model) => withCost(new SimLM(model)),
    ...(options.file !== undefined && { file: options.file }),
    ...(options.seed !== undefined && { seed: options.seed }),
  });
}

/**
 * The sample summary of a run that stopped at the gate: no generator optimization, comparison,
 * flips or prompts, each with the reason.
 *
 * @example
 * const stopped = withoutGenerator(await buildSampleSummary());
 */
export function withoutGenerator(summary: RunSummary, reason = "the judge did not pass the gate"): RunSummary {
  const { generator: _generator, flips: _flips, prompts: _prompts, ...rest } = summary;
  const optimizer = rest.optimizer?.judge ? { judge: rest.optimizer.judge } : undefined;
  // A stricter threshold than the real kappa lower bound, so the gate verdict stays consistent.
  const gate = rest.judge && {
    ...rest.judge.gate,
    threshold: 0.99,
    passed: false,
    allowed: false,
    reason: "The validation kappa lower bound is below 0.99.",
  };
  const judge = rest.judge && gate && { ...rest.judge, gate };
  return {
    ...rest,
    overview: { ...rest.overview, status: "stopped", statusReason: reason },
    ...(judge && { judge }),
    ...(optimizer && { optimizer }),
    notRun: { "optimizer.generator": reason, generator: reason, flips: reason, prompts: reason },
  };
}
