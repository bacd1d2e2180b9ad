import {
  ChainOfThought,
  canonicalJson,
  exactMatch,
  type LM,
  MemoryBudgetLedger,
  type MiproState,
  optimizeInProcess,
  Program,
  type RetryEvent,
  SimLM,
  SimRateLimit,
  withBudget,
  withRetry,
} from "@judgeloop/core";
import { judgeExamples } from "../../../bench/support/judge-examples.ts";

export interface ChaosRunOptions {
  /** A simulator fault spec, e.g. `500:0.1,timeout:0.05`; none for the fault-free run. */
  faults?: string;
  /** Requests per minute shared by every model, so concurrent calls run into 429 bursts. */
  rpm?: number;
  seed: number;
  examples: number;
  capUsd: number;
  maxCalls: number;
}

export interface ChaosRunOutcome {
  state: MiproState;
  /** The optimized program as canonical JSON, to compare runs byte for byte. */
  program: string;
  retries: RetryEvent[];
  ledgerSpentUsd: number;
  stoppedReason: string | undefined;
}

const runId = "chaos-run";

/**
 * Optimizes the baseline judge in process against SimLMs that fail as told (5xx, timeouts,
 * malformed answers, 429 bursts) behind the real retry and budget layers. Time is virtual: the
 * simulator's clock only moves when the retry layer waits, so 429 waits cost no wall time and
 * the run is the same on every machine.
 *
 * @example
 * const outcome = await chaosOptimize({ faults: "500:0.1", seed: 3, examples: 30, capUsd: 1, maxCalls: 2000 });
 */
export async function chaosOptimize(options: ChaosRunOptions): Promise<ChaosRunOutcome> {
  let now = 0;
  const retries: RetryEvent[] = [];
  const ledger = new MemoryBudgetLedger();
  const rateLimit = options.rpm === undefined ? undefined : new SimRateLimit({ rpm: options.rpm, now: () => now });
  const layered = (model: string): LM => {
    const sim = new SimLM(model, { faults: options.faults ?? "", now: () => now, ...(rateLimit && { rateLimit }) });
    const retried = withRetry(sim, {
      maxAttempts: 10,
      random: () => 0.5,
      sleep: async (ms) => {
        now += ms;
      },
      onRetry: (event) => void retries.push(event),
    });
    return withBudget(retried, ledger, { runId, capUsd: options.capUsd, maxCalls: options.maxCalls });
  };
  const result = await optimizeInProcess({
    program: baselineJudge(layered("sim/weak")),
    proposerLM: layered("sim/strong"),
    trainset: judgeExamples(options.examples),
    metric: exactMatch("satisfied"),
    options: {
      auto: "light",
      seed: options.seed,
      minibatchSize: 10,
      fullEvalPeriod: 4,
      budget: { capUsd: options.capUsd, maxCalls: options.maxCalls },
    },
    concurrency: 8,
  });
  return {
    state: result.state,
    program: canonicalJson(result.program.toState()),
    retries,
    ledgerSpentUsd: await ledger.spent(runId),
    stoppedReason: result.stoppedReason,
  };
}

/** The judge the optimizer starts from: DSPy's default instruction, nothing about what makes a reply good. */
function baselineJudge(lm: LM): Program<{ judge: ChainOfThought }> {
  return new Program(
    { judge: new ChainOfThought("transcript -> satisfied: boolean") },
    async (predictors, inputs, ctx) => predictors.judge.call(inputs, ctx),
    { lm },
  );
}

/** One thing wrong with how a run accounted for its examples. */
export interface AccountingProblem {
  evaluation: string;
  problem: string;
}

/**
 * Checks every observed evaluation: each of its examples has exactly one result, a scored
 * result has a score, an error result has none and names its kind, and the evaluation's score
 * is the mean of the scored results only (an infrastructure failure never counts as a 0).
 *
 * @example
 * expect(accountingProblems(outcome.state)).toEqual([]);
 */
export function accountingProblems(state: MiproState): AccountingProblem[] {
  const problems: AccountingProblem[] = [];
  for (const evaluation of state.search.evaluations) {
    if (evaluation.status !== "observed") continue;
    const report = (problem: string) => problems.push({ evaluation: evaluation.id, problem });
    const seen = evaluation.results.map((result) => result.exampleIndex).sort((a, b) => a - b);
    if (canonicalJson(seen) !== canonicalJson([...evaluation.examples].sort((a, b) => a - b))) {
      report("its results do not cover its examples exactly once");
    }
    for (const result of evaluation.results) {
      if (result.status === "scored" && typeof result.score !== "number")
        report(`example ${result.exampleId}: scored without a score`);
      if (result.status === "error" && (result.score !== null || !result.errorKind)) {
        report(`example ${result.exampleId}: an error with a score or without a reason`);
      }
    }
    const scores = evaluation.results.flatMap((result) =>
      result.status === "scored" && result.score !== null ? [result.score] : [],
    );
    const mean = scores.length === 0 ? null : scores.reduce((sum, score) => sum + score, 0) / scores.length;
    if (mean === null ? evaluation.score !== null : Math.abs((evaluation.score ?? Number.NaN) - mean) > 1e-9) {
      report(`score ${evaluation.score} is not the mean ${mean} of its scored results`);
    }
  }
  return problems;
}
