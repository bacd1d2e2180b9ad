/**
 * MIPRO vs random search at an equal budget of LM calls, on the simulator (results are simulated).
 *
 * For each seed: MIPRO optimizes a baseline reply generator (sim/weak) with a judge as metric
 * (sim/strong). Random search then gets the same candidates (MIPRO's proposed instructions and
 * bootstrapped demo sets) and the same number of search-phase LM calls MIPRO spent; it
 * evaluates the baseline and then random combinations on the whole valset, keeping the best.
 * Both winners are scored on a holdout neither saw. Run: `npx tsx bench/optimize.ts`.
 */
import { evaluate } from "../packages/core/src/evaluate/evaluate.ts";
import type { Metric } from "../packages/core/src/evaluate/types.ts";
import { ChainOfThought } from "../packages/core/src/module/chain-of-thought.ts";
import type { Example } from "../packages/core/src/module/example.ts";
import { Predict } from "../packages/core/src/module/predict.ts";
import { Program } from "../packages/core/src/module/program.ts";
import { paramSpace, programForParams } from "../packages/core/src/optimize/candidates.ts";
import { datasetToData, exampleFromData } from "../packages/core/src/optimize/example-data.ts";
import { optimizeInProcess } from "../packages/core/src/optimize/in-process-driver.ts";
import { judgeMetric } from "../packages/core/src/optimize/judge-metric.ts";
import type { MiproState, Params } from "../packages/core/src/optimize/mipro-state.ts";
import type { MiproOptions } from "../packages/core/src/optimize/plan-types.ts";
import { programWithPrompts } from "../packages/core/src/optimize/program-prompts.ts";
import { generatorExamples } from "../packages/core/src/optimize/testdata/airline.ts";
import { choiceKey } from "../packages/core/src/optimize/tpe.ts";
import { SimLM } from "../packages/core/src/sim/sim-lm.ts";
import { Random } from "../packages/core/src/util/random.ts";

const seeds = [1, 2, 3, 4, 5];
const miproOptions: MiproOptions = { auto: "medium", minibatchSize: 10, fullEvalPeriod: 5 };

type Generator = Program<{ generate: Predict }>;

function setup() {
  const examples = generatorExamples(230, "bench-optimize");
  const judge = new ChainOfThought("transcript -> satisfied: boolean", { lm: new SimLM("sim/strong") });
  judge.signature = judge.signature.withInstructions(
    "Decide whether the customer is satisfied. Check that the reply addresses the customer's question, offers a " +
      "concrete next step, shows empathy for their specific problem, is concise and keeps a polite tone.",
  );
  const metric = judgeMetric(judge, { conversationField: "company_and_transcript" });
  const program: Generator = new Program(
    { generate: new Predict("company_and_transcript -> reply") },
    async (p, inputs, ctx) => p.generate.call(inputs, ctx),
    { lm: new SimLM("sim/weak") },
  );
  return {
    program,
    metric,
    trainset: examples.slice(0, 30),
    valset: examples.slice(30, 80),
    holdout: examples.slice(80),
  };
}

/** LM calls the search phase spent: every evaluation, the baseline's included. */
function searchCalls(state: MiproState): number {
  return state.search.evaluations.reduce((sum, e) => sum + e.calls, 0);
}

async function randomSearch(
  state: MiproState,
  program: Generator,
  valset: readonly Example[],
  metric: Metric,
  budget: number,
  seed: number,
) {
  const rng = new Random(`bench/random-search/${seed}`);
  const space = paramSpace(state);
  const names = Object.keys(space);
  const tried = new Set<string>();
  let spent = 0;
  let best: { params: Params; score: number } | undefined;
  let params: Params = Object.fromEntries(names.map((n) => [n, 0]));
  const combos = names.reduce((n, name) => n * (space[name] ?? 1), 1);
  while (tried.size < combos) {
    tried.add(choiceKey(params));
    const candidate = programWithPrompts(program, programForParams(state, params));
    const result = await evaluate(candidate, valset, metric, { concurrency: 8 });
    spent += result.usage.calls;
    if (result.score !== null && (!best || result.score > best.score)) best = { params, score: result.score };
    if (spent + result.usage.calls > budget) break;
    do params = Object.fromEntries(names.map((n) => [n, rng.int(space[n] ?? 1)]));
    while (tried.has(choiceKey(params)) && tried.size < combos);
  }
  return { params: best?.params ?? params, evaluations: tried.size, spent };
}

async function main() {
  const rows: { seed: number; baseline: number; mipro: number; random: number; budget: number; rsSpent: number; rsEvals: number }[] = [];
  for (const seed of seeds) {
    const { program, metric, trainset, valset, holdout } = setup();
    const run = await optimizeInProcess({
      program,
      trainset,
      valset,
      metric,
      proposerLM: new SimLM("sim/strong"),
      options: { ...miproOptions, seed },
    });
    const budget = searchCalls(run.state);
    const rs = await randomSearch(run.state, program, valset, metric, budget, seed);
    const rsProgram = programWithPrompts(program, programForParams(run.state, rs.params));
    const score = async (p: Generator) => (await evaluate(p, holdout, metric, { concurrency: 8 })).score ?? 0;
    rows.push({
      seed,
      baseline: await score(program),
      mipro: await score(run.program),
      random: await score(rsProgram),
      budget,
      rsSpent: rs.spent,
      rsEvals: rs.evaluations,
    });
  }
  printTable(rows);
}

function printTable(rows: { seed: number; baseline: number; mipro: number; random: number; budget: number; rsSpent: number; rsEvals: number }[]) {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7);
  console.log("judge pass rate on the holdout (simulated; generator sim/weak, judge sim/strong, preset medium)");
  console.log("seed  baseline    MIPRO  random search  search calls (MIPRO / random)");
  for (const r of rows) {
    console.log(`${String(r.seed).padEnd(4)} ${pct(r.baseline)}  ${pct(r.mipro)}  ${pct(r.random)}        ${r.budget} / ${r.rsSpent} (${r.rsEvals} programs)`);
  }
  const mean = (key: "baseline" | "mipro" | "random") => rows.reduce((s, r) => s + r[key], 0) / rows.length;
  console.log(`mean ${pct(mean("baseline"))}  ${pct(mean("mipro"))}  ${pct(mean("random"))}`);
}

void datasetToData;
void exampleFromData;
await main();
