import { readFileSync } from "node:fs";
import {
  type ArtifactStore,
  companyTranscript,
  createLM,
  datasetToData,
  defaultPrices,
  Example,
  type ExampleData,
  type LM,
  newRunRecord,
  Predict,
  Program,
  type ProgramState,
  putJson,
  type RunStore,
  SimLM,
  simulatedTruth,
} from "@judgeloop/core";
import type { OptimizeSpec } from "../../../functions/optimizer/run-spec.ts";

const conversationsUrl = new URL("../../../examples/airline-support/conversations.jsonl", import.meta.url);

/**
 * Judge examples from the shipped airline conversations: the whole transcript in, whether the
 * customer is satisfied with the last Support turn (the simulator's ground truth) out.
 * Conversations with characters outside the Basic Multilingual Plane are skipped.
 *
 * @example
 * const [trainset, valset] = [judgeExamples(0, 10), judgeExamples(10, 6)];
 */
export function judgeExamples(offset: number, count: number): Example[] {
  const rows = readFileSync(conversationsUrl, "utf8")
    .split("\n")
    // fauxqs refuses characters outside the BMP in a message (SQS accepts them): skip emoji.
    .filter((line) => line.trim() !== "" && !/[\uD800-\uDFFF]/.test(JSON.parse(line).conversation))
    .slice(offset, offset + count)
    .map((line) => JSON.parse(line) as { conversation_id: string; company: string; conversation: string });
  return rows.map((row) => {
    const transcript = companyTranscript(row.company, row.conversation);
    const satisfied = simulatedTruth(transcript).verdict;
    return new Example({ transcript, satisfied }, { id: row.conversation_id }).withInputs("transcript");
  });
}

/** The judge being optimized: one predictor, plain instructions. */
export function judgeProgram(): Program<{ judge: Predict }> {
  const judge = new Predict("transcript -> satisfied: boolean");
  judge.signature = judge.signature.withInstructions("Decide whether the customer is satisfied.");
  return new Program({ judge }, (predictors, inputs, ctx) => predictors.judge.call(inputs, ctx), { name: "judge" });
}

/** The LM a function builds for a `sim/*` model without caps: the simulator, priced and retried. */
export function simLM(model: string): LM {
  return createLM(model, { providerFactory: (name) => new SimLM(name), prices: defaultPrices });
}

/** The sizes of the small optimization the tests run. */
export const smallOptimizer = {
  auto: "light",
  seed: 7,
  numTrials: 4,
  numCandidates: 2,
  minibatchSize: 4,
  maxBootstrappedDemos: 2,
  maxLabeledDemos: 1,
} as const;

export interface OptimizeRunFixture {
  runId: string;
  spec: OptimizeSpec;
  program: ProgramState;
  trainset: ExampleData[];
  valset: ExampleData[];
}

/**
 * Stores a run's program and examples in S3 and creates its run record, queued, with the
 * optimize spec as input: what the API or the nightly job does before StartExecution.
 *
 * @example
 * const fixture = await createOptimizeRun({ artifacts, runStore }, "run-e2e");
 */
export async function createOptimizeRun(
  deps: { artifacts: ArtifactStore; runStore: RunStore },
  runId: string,
  overrides: Partial<Pick<OptimizeSpec, "budget" | "optimizer" | "challenge" | "models">> = {},
  program: ProgramState = judgeProgram().toState(),
): Promise<OptimizeRunFixture> {
  const trainset = datasetToData(judgeExamples(0, 10));
  const valset = datasetToData(judgeExamples(10, 6));
  const prefix = `inputs/${runId}`;
  const spec: OptimizeSpec = {
    kind: "optimize",
    programKey: `${prefix}/program.json`,
    trainsetKey: `${prefix}/trainset.json`,
    valsetKey: `${prefix}/valset.json`,
    metric: { kind: "exact", field: "satisfied" },
    models: { task: "sim/weak", proposer: "sim/strong" },
    optimizer: { ...smallOptimizer },
    ...overrides,
  };
  await putJson(deps.artifacts, spec.programKey, program);
  await putJson(deps.artifacts, spec.trainsetKey, trainset);
  await putJson(deps.artifacts, `${prefix}/valset.json`, valset);
  const now = new Date().toISOString();
  await deps.runStore.createRun(newRunRecord({ id: runId, kind: "optimize", input: spec, now }));
  return { runId, spec, program, trainset, valset };
}
