import { type Demo, type Evaluable, type Example, evaluate, type Metric, Random } from "@judgeloop/core";
import type { OptimizationSummary } from "../summary.ts";
import type { SpendTally } from "./sample-programs.ts";

/**
 * A small random search over (instruction, demo set) pairs, shaped like the real optimizers'
 * trial log: minibatch trials on random candidates, a periodic full evaluation of the most
 * promising one, best-so-far from full evaluations. The sample report needs real scores from
 * the simulator; it does not need the real optimizer (which lives in core's optimize module).
 */
export interface SampleSearchOptions {
  optimizer: string;
  metricName: string;
  /** Index 0 is the baseline instruction. */
  instructions: readonly string[];
  /** Index 0 is the baseline's demos (usually none). */
  demoSets: readonly (readonly Demo[])[];
  predictorName: string;
  trainset: readonly Example[];
  build: (instructions: string, demos: readonly Demo[]) => Evaluable;
  metric: Metric;
  trials: number;
  minibatchSize: number;
  /** Every n-th trial is a full evaluation. */
  fullEvery: number;
  seed: string;
  tally: SpendTally;
}

type Trial = OptimizationSummary["trials"][number];
type Pair = { instructionIndex: number; demoSetIndex: number };

export interface SampleSearchResult {
  summary: OptimizationSummary;
  best: { instructions: string; demos: readonly Demo[] };
}

/**
 * Runs the search and returns its trial log as an OptimizationSummary plus the best candidate.
 *
 * @example
 * const { summary, best } = await sampleSearch({ ...options, trials: 12, minibatchSize: 10, fullEvery: 4 });
 */
export async function sampleSearch(options: SampleSearchOptions): Promise<SampleSearchResult> {
  const rng = new Random(options.seed);
  const trials: Trial[] = [];
  const minibatchScores = new Map<string, number[]>();
  const fullScores = new Map<string, number>();
  let best: { pair: Pair; score: number } | undefined;
  const score = async (pair: Pair, examples: readonly Example[]) => {
    const program = options.build(instructionAt(options, pair), demoSetAt(options, pair));
    return options.tally.add(await evaluate(program, examples, options.metric, { concurrency: 16 })).score;
  };
  for (let index = 0; index < options.trials; index++) {
    const full = index % options.fullEvery === 0;
    const pair = full ? mostPromising(minibatchScores, fullScores) : randomPair(options, rng);
    const examples = full ? options.trainset : rng.sample(options.trainset, options.minibatchSize);
    const value = await score(pair, examples);
    const key = pairKey(pair);
    if (value !== null && full) fullScores.set(key, value);
    if (value !== null && !full) minibatchScores.set(key, [...(minibatchScores.get(key) ?? []), value]);
    if (full && value !== null && (best === undefined || value > best.score)) best = { pair, score: value };
    trials.push({
      index,
      kind: full ? "full" : "minibatch",
      n: examples.length,
      score: value,
      ...pair,
      bestSoFar: best?.score ?? null,
    });
  }
  const chosen = best?.pair ?? { instructionIndex: 0, demoSetIndex: 0 };
  return {
    summary: {
      optimizer: options.optimizer,
      metric: options.metricName,
      trainSize: options.trainset.length,
      baselineScore: trials[0]?.score ?? null,
      bestScore: best?.score ?? null,
      trials,
      instructions: options.instructions.map((text, index) => instructionScore(text, index, trials)),
      chosen,
      demos: demoSetAt(options, chosen).map((demo) => ({ predictor: options.predictorName, fields: demoFields(demo) })),
    },
    best: { instructions: instructionAt(options, chosen), demos: demoSetAt(options, chosen) },
  };
}

function randomPair(options: SampleSearchOptions, rng: Random): Pair {
  return { instructionIndex: rng.int(options.instructions.length), demoSetIndex: rng.int(options.demoSets.length) };
}

/** The pair with the best mean minibatch score that has no full evaluation yet; the baseline first. */
function mostPromising(minibatch: ReadonlyMap<string, number[]>, full: ReadonlyMap<string, number>): Pair {
  let best: { key: string; mean: number } | undefined;
  for (const [key, scores] of minibatch) {
    if (full.has(key)) continue;
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    if (best === undefined || mean > best.mean) best = { key, mean };
  }
  const [instructionIndex, demoSetIndex] = (best?.key ?? "0/0").split("/").map(Number);
  return { instructionIndex: instructionIndex ?? 0, demoSetIndex: demoSetIndex ?? 0 };
}

function instructionScore(text: string, index: number, trials: readonly Trial[]) {
  const scores = trials.filter((t) => t.instructionIndex === index && t.score !== null).map((t) => t.score as number);
  return {
    index,
    text,
    score: scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length,
    trials: scores.length,
  };
}

function pairKey(pair: Pair): string {
  return `${pair.instructionIndex}/${pair.demoSetIndex}`;
}

function instructionAt(options: SampleSearchOptions, pair: Pair): string {
  return options.instructions[pair.instructionIndex] ?? "";
}

function demoSetAt(options: SampleSearchOptions, pair: Pair): readonly Demo[] {
  return options.demoSets[pair.demoSetIndex] ?? [];
}

type DemoValue = OptimizationSummary["demos"][number]["fields"][string];

function demoFields(demo: Demo): Record<string, DemoValue> {
  const fields: Record<string, DemoValue> = {};
  for (const [name, value] of Object.entries(demo)) {
    if (name === "augmented") continue;
    fields[name] =
      typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null
        ? value
        : JSON.stringify(value);
  }
  return fields;
}
