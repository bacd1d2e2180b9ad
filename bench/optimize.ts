/**
 * MIPRO vs random search at an equal budget of LM calls, on the simulator (every number here is
 * simulated). Run: `npx tsx bench/optimize.ts`.
 *
 * For each of 5 seeds, MIPRO (preset "medium") optimizes a baseline reply generator (sim/weak)
 * with a judge as metric (sim/strong). Random search then gets the same candidates (MIPRO's
 * instructions and demo sets) and at most the LM calls MIPRO's search spent: it evaluates the
 * baseline, then random untried combinations, each on the whole valset, and keeps the best.
 * Both winners are scored on a 150-example holdout that neither saw.
 */
import { evaluate } from "../packages/core/src/evaluate/evaluate.ts";
import type { Metric } from "../packages/core/src/evaluate/types.ts";
import type { Example } from "../packages/core/src/module/example.ts";
import type { Predict } from "../packages/core/src/module/predict.ts";
import type { Program } from "../packages/core/src/module/program.ts";
import { paramSpace, programForParams } from "../packages/core/src/optimize/candidates.ts";
import { optimizeInProcess } from "../packages/core/src/optimize/in-process-driver.ts";
import { judgeMetric } from "../packages/core/src/optimize/judge-metric.ts";
import type { MiproState, Params } from "../packages/core/src/optimize/mipro-state.ts";
import type { MiproOptions } from "../packages/core/src/optimize/plan-types.ts";
import { programWithPrompts } from "../packages/core/src/optimize/program-prompts.ts";
import { generatorExamples } from "../packages/core/src/optimize/testdata/airline.ts";
import { baselineGenerator, rubricJudge } from "../packages/core/src/optimize/testdata/programs.ts";
import { choiceKey } from "../packages/core/src/optimize/tpe.ts";
import { SimLM } from "../packages/core/src/sim/sim-lm.ts";
import { Random } from "../packages/core/src/util/random.ts";

type Generator = Program<{ generate: Predict }>;

interface Row {
  seed: number;
  baseline: number;
  mipro: number;
  random: number;
  miproCalls: number;
  randomCalls: number;
  randomPrograms: number;
}

const seeds = [1, 2, 3, 4, 5];
const miproOptions: MiproOptions = { auto: "medium", minibatchSize: 10, fullEvalPeriod: 5 };

const examples = generatorExamples(230, "bench-optimize");
const trainset = examples.slice(0, 30);
const valset = examples.slice(30, 80);
const holdout = examples.slice(80);
const metric = judgeMetric(rubricJudge(new SimLM("sim/strong")), { conversationField: "company_and_transcript" });

async function benchSeed(seed: number): Promise<Row> {
  const program = baselineGenerator(new SimLM("sim/weak"));
  const run = await optimizeInProcess({
    program,
    trainset,
    valset,
    metric,
    proposerLM: new SimLM("sim/strong"),
    options: { ...miproOptions, seed },
  });
  const miproCalls = run.state.search.evaluations.reduce((sum, e) => sum + e.calls, 0);
  const random = await randomSearch(run.state, program, valset, metric, miproCalls, seed);
  const chosenByRandom = programWithPrompts(program, programForParams(run.state, random.params));
  return {
    seed,
    baseline: await holdoutScore(program),
    mipro: await holdoutScore(run.program),
    random: await holdoutScore(chosenByRandom),
    miproCalls,
    randomCalls: random.calls,
    randomPrograms: random.programs,
  };
}

/** Full-valset evaluations of the baseline, then of random untried combinations, within `budget` calls. */
async function randomSearch(
  state: MiproState,
  program: Generator,
  data: readonly Example[],
  score: Metric,
  budget: number,
  seed: number,
) {
  const rng = new Random(`bench/random-search/${seed}`);
  const space = paramSpace(state);
  const names = Object.keys(space);
  const combinations = names.reduce((n, name) => n * (space[name] ?? 1), 1);
  const tried = new Set<string>();
  let params: Params = Object.fromEntries(names.map((name) => [name, 0]));
  let best: { params: Params; score: number } | undefined;
  let calls = 0;
  for (;;) {
    tried.add(choiceKey(params));
    const result = await evaluate(programWithPrompts(program, programForParams(state, params)), data, score);
    calls += result.usage.calls;
    if (result.score !== null && (!best || result.score > best.score)) best = { params, score: result.score };
    if (tried.size === combinations || calls + result.usage.calls > budget) break;
    do params = Object.fromEntries(names.map((name) => [name, rng.int(space[name] ?? 1)]));
    while (tried.has(choiceKey(params)));
  }
  return { params: best?.params ?? params, calls, programs: tried.size };
}

async function holdoutScore(program: Generator): Promise<number> {
  return (await evaluate(program, holdout, metric, { concurrency: 8 })).score ?? 0;
}

function printTable(rows: readonly Row[]): void {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(8);
  const mean = (pick: (r: Row) => number) => rows.reduce((sum, r) => sum + pick(r), 0) / rows.length;
  console.log("Judge pass rate on a 150-example holdout (SIMULATED: generator sim/weak, judge sim/strong)");
  console.log("MIPRO preset medium vs random search over the same candidates, at most the same search calls\n");
  console.log("seed  baseline     MIPRO    random   search calls MIPRO / random (programs)");
  for (const r of rows) {
    const calls = `${r.miproCalls} / ${r.randomCalls} (${r.randomPrograms})`;
    console.log(`${String(r.seed).padEnd(4)}${pct(r.baseline)}  ${pct(r.mipro)}  ${pct(r.random)}   ${calls}`);
  }
  const means = [mean((r) => r.baseline), mean((r) => r.mipro), mean((r) => r.random)].map(pct);
  console.log(`mean${means[0]}  ${means[1]}  ${means[2]}`);
}

const rows: Row[] = [];
for (const seed of seeds) rows.push(await benchSeed(seed));
printTable(rows);
