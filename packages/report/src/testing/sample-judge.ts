import {
  addUsage,
  agreementReport,
  appendReply,
  type ChainOfThought,
  createGoldJudge,
  type Demo,
  emptyUsage,
  goldLabels,
  judgeStability,
  type LM,
  type LMCallRecord,
  Predict,
} from "@judgeloop/core";
import type { JudgeAlignment, OptimizationSummary } from "../summary.ts";
import type { SampleConversation, SampleData } from "./sample-data.ts";
import { transcriptExamples } from "./sample-data.ts";
import {
  agreementMetric,
  baselineGeneratorInstructions,
  createGenerator,
  createJudge,
  type Judgement,
  runGenerator,
  runJudge,
  type SpendTally,
  vagueJudgeInstructions,
} from "./sample-programs.ts";
import { sampleSearch } from "./sample-search.ts";

export interface SampleModels {
  generator: string;
  judge: string;
  gold: string;
  proposer: string;
}

export interface SampleDeps {
  lm: (model: string) => LM;
  models: SampleModels;
  tally: SpendTally;
  seed: string;
  gateThreshold: number;
}

export interface JudgeStage {
  alignment: JudgeAlignment;
  optimization: OptimizationSummary;
  baselineJudge: ChainOfThought;
  optimizedJudge: ChainOfThought;
  labels: { count: number; satisfied: number };
}

/**
 * Steps 2-5 of the pipeline on the simulator: baseline replies for the judge set, gold labels
 * from the gold model, the vague baseline judge, a search over proposed instructions and
 * labelled demos, agreement on train and validation, stability over repeats, and the gate.
 *
 * @example
 * const stage = await runJudgeStage(data, deps);
 */
export async function runJudgeStage(data: SampleData, deps: SampleDeps): Promise<JudgeStage> {
  const generator = createGenerator(deps.lm(deps.models.generator), baselineGeneratorInstructions);
  const { replies } = await runGenerator(generator, [...data.judgeTrain, ...data.judgeValidation], deps.tally);
  const withReply = (items: readonly SampleConversation[]) =>
    items
      .filter((i) => replies.has(i.id))
      .map((i) => ({ id: i.id, transcript: appendReply(i.transcript, replies.get(i.id) ?? "") }));
  const train = withReply(data.judgeTrain);
  const validation = withReply(data.judgeValidation);
  const gold = await labelWithGoldModel([...train, ...validation], deps);

  const judgeLM = deps.lm(deps.models.judge);
  const baselineJudge = createJudge(judgeLM, vagueJudgeInstructions);
  const search = await sampleSearch({
    optimizer: "random search over proposed instructions × labelled demo sets (sample)",
    metricName: "agreement with the gold labels",
    instructions: [vagueJudgeInstructions, ...(await proposeInstructions(vagueJudgeInstructions, "judge", deps))],
    demoSets: [[], ...labelledDemoSets(train, gold.labels)],
    predictorName: "judge",
    trainset: transcriptExamples(train),
    build: (instructions, demos) => createJudge(judgeLM, instructions, demos),
    metric: agreementMetric(new Map([...gold.labels].map(([id, label]) => [id, label.satisfied]))),
    trials: 13,
    minibatchSize: 10,
    fullEvery: 4,
    seed: `${deps.seed}/judge-search`,
    tally: deps.tally,
  });
  const optimizedJudge = createJudge(judgeLM, search.best.instructions, search.best.demos);
  const agreement = async (judge: ChainOfThought, items: readonly SampleConversation[], split: string) =>
    agreementReport(pairsWithGold(await runJudge(judge, items, deps.tally), gold.labels), {
      seed: `${deps.seed}/${split}`,
    });
  const validationOptimized = await agreement(optimizedJudge, validation, "validation");
  const alignment: JudgeAlignment = {
    train: {
      baseline: await agreement(baselineJudge, train, "train"),
      optimized: await agreement(optimizedJudge, train, "train"),
    },
    validation: { baseline: await agreement(baselineJudge, validation, "validation"), optimized: validationOptimized },
    stability: await stability(optimizedJudge, validation, deps),
    gate: gateVerdict(validationOptimized.kappa.interval?.lower ?? null, deps.gateThreshold),
  };
  const satisfied = [...gold.labels.values()].filter((l) => l.satisfied).length;
  return {
    alignment,
    optimization: search.summary,
    baselineJudge,
    optimizedJudge,
    labels: { count: gold.labels.size, satisfied },
  };
}

type GoldLabel = { satisfied: boolean; critique: string };

async function labelWithGoldModel(items: readonly SampleConversation[], deps: SampleDeps) {
  const rows = items.map((i) => ({ conversation_id: i.id, transcript: i.transcript }));
  const result = deps.tally.add(
    await goldLabels(rows, createGoldJudge(), { lm: deps.lm(deps.models.gold), transcriptField: "transcript" }),
  );
  const labels = new Map<string, GoldLabel>(
    result.labels.map((l) => [l.conversation_id, { satisfied: l.satisfied, critique: l.critique }]),
  );
  return { labels };
}

function pairsWithGold(judgements: ReadonlyMap<string, Judgement>, gold: ReadonlyMap<string, GoldLabel>) {
  return [...judgements.values()].flatMap((j) => {
    const label = gold.get(j.id);
    return label === undefined ? [] : [{ predicted: j.verdict, gold: label.satisfied }];
  });
}

/**
 * Three instructions from the proposer model, each drawn at a different rollout.
 *
 * @example
 * const candidates = await proposeInstructions(vagueJudgeInstructions, "judge", deps);
 */
export async function proposeInstructions(
  basic: string,
  role: "judge" | "generator",
  deps: SampleDeps,
): Promise<string[]> {
  const proposer = new Predict("basic_instruction: string, task_description: string -> proposed_instruction: string", {
    lm: deps.lm(deps.models.proposer),
  });
  const task =
    role === "judge"
      ? "Judge whether the customer is satisfied with the airline's last support reply; output a verdict and a critique."
      : "Write the airline support agent's next reply to the customer.";
  const proposals: string[] = [];
  for (const rolloutId of [1, 2, 3]) {
    const prediction = await proposer.call(
      { basic_instruction: basic, task_description: task },
      { temperature: 1, rolloutId },
    );
    deps.tally.add({
      usage: { ...usageOf(prediction.calls), calls: prediction.calls.length },
      costUsd: costOf(prediction.calls),
    });
    proposals.push(String(prediction.get("proposed_instruction")));
  }
  return proposals;
}

function usageOf(calls: readonly LMCallRecord[]) {
  return calls.reduce((sum, c) => addUsage(sum, c.usage), emptyUsage());
}

function costOf(calls: readonly LMCallRecord[]): number | null {
  return calls.some((c) => c.costUsd === null) ? null : calls.reduce((sum, c) => sum + (c.costUsd ?? 0), 0);
}

/** Two sets of four gold-labelled training transcripts, as few-shot demos. */
function labelledDemoSets(train: readonly SampleConversation[], gold: ReadonlyMap<string, GoldLabel>): Demo[][] {
  const demos = train.flatMap((item) => {
    const label = gold.get(item.id);
    return label === undefined
      ? []
      : [{ transcript: item.transcript, satisfied: label.satisfied, critique: label.critique }];
  });
  return [demos.slice(0, 4), demos.slice(4, 8)];
}

async function stability(judge: ChainOfThought, items: readonly SampleConversation[], deps: SampleDeps) {
  const temperature = 0.7;
  const verdicts = new Map<string, boolean[]>();
  for (const rolloutId of [1, 2, 3, 4, 5]) {
    for (const j of (await runJudge(judge, items, deps.tally, { temperature, rolloutId })).values()) {
      verdicts.set(j.id, [...(verdicts.get(j.id) ?? []), j.verdict]);
    }
  }
  const report = judgeStability([...verdicts].map(([id, v]) => ({ id, verdicts: v })));
  return { program: "optimized" as const, split: "validation" as const, temperature, report };
}

function gateVerdict(kappaLower: number | null, threshold: number): JudgeAlignment["gate"] {
  const passed = kappaLower !== null && kappaLower >= threshold;
  const shown = kappaLower === null ? "undefined" : kappaLower.toFixed(3);
  const reason = passed
    ? `The optimized judge's validation kappa lower bound ${shown} clears the threshold ${threshold}.`
    : `The optimized judge's validation kappa lower bound ${shown} is below the threshold ${threshold}.`;
  return { passed, forced: false, allowed: passed, threshold, kappaLower, reason };
}
