import {
  type AgreementReport,
  agreementReport,
  coerceBoolean,
  type EvaluateResult,
  type ExampleData,
  estimateWorkload,
  evaluate,
  exactMatch,
  exampleFromData,
  type LM,
} from "@judgeloop/core";
import { savedProgram } from "../optimizer/saved-program.ts";
import { boundTo, type GoldSetJudge } from "./gold-set-judge.ts";

/** A judge's verdicts on a gold set, measured against the gold labels. */
export interface GoldSetScore {
  agreement: AgreementReport;
  /** Gold examples the judge could not score (LM errors, unparsable verdicts); left out of the agreement. */
  errors: number;
  costUsd: number | null;
  simulated: boolean;
}

// What one judge call may cost at most, beyond its prompt: the verdict and a short critique.
const outputTokensPerCall = 512;
// Instructions, field descriptions and the adapter's framing around each transcript.
const promptOverheadTokens = 400;

/**
 * The most re-scoring `gold` with `judge` on `model` should cost in dollars, or undefined when
 * the model has no price. Counted per call from the judge's saved state (instructions and demos)
 * and the longest gold example, so it errs high.
 *
 * @example
 * estimateGoldSetCost(judge, gold, "openai/gpt-4o"); // 0.04
 */
export function estimateGoldSetCost(
  judge: GoldSetJudge,
  gold: readonly ExampleData[],
  model: string,
): number | undefined {
  const longest = Math.max(0, ...gold.map((example) => JSON.stringify(example.values).length));
  const inputTokensPerCall = Math.ceil((JSON.stringify(judge.state).length + longest) / 4) + promptOverheadTokens;
  return estimateWorkload({ model, calls: gold.length, inputTokensPerCall, outputTokensPerCall }).costUsd;
}

/**
 * Runs `judge`, rebound to `model`, over the gold set and reports its agreement with the gold
 * labels (kappa with a bootstrap interval seeded by `seed`).
 *
 * @example
 * const score = await scoreGoldSet(judge, gold, { model: "openai/gpt-4o", lm, seed: "rescore-1" });
 * score.agreement.kappa.value; // 0.82
 */
export async function scoreGoldSet(
  judge: GoldSetJudge,
  gold: readonly ExampleData[],
  options: { model: string; lm: (model: string) => LM; seed: string; concurrency?: number },
): Promise<GoldSetScore> {
  const { model, lm } = options;
  const program = savedProgram(boundTo(judge.state, model), lm);
  const examples = gold.map(exampleFromData);
  const result = await evaluate(program, examples, exactMatch(judge.verdictField), {
    lm: lm(model),
    resolveLM: lm,
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
  });
  const pairs = verdictPairs(result, gold, judge.verdictField);
  return {
    agreement: agreementReport(pairs, { seed: options.seed }),
    errors: gold.length - pairs.length,
    costUsd: result.costUsd,
    simulated: result.simulated,
  };
}

/** (judge's verdict, gold label) of every example where both are true or false. */
function verdictPairs(
  result: EvaluateResult,
  gold: readonly ExampleData[],
  field: string,
): { predicted: boolean; gold: boolean }[] {
  return result.records.flatMap((record) => {
    const predicted = record.status === "scored" ? coerceBoolean(record.outputs?.[field]) : undefined;
    const label = coerceBoolean(gold[record.index]?.values[field]);
    return predicted === undefined || label === undefined ? [] : [{ predicted, gold: label }];
  });
}
