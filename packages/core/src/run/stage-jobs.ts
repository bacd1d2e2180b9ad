import { createGoldJudge } from "../data/gold-judge.ts";
import { JudgeloopError } from "../errors.ts";
import { evaluate } from "../evaluate/evaluate.ts";
import { exactMatch } from "../evaluate/metrics.ts";
import type { Evaluable, EvaluationRecord, Metric } from "../evaluate/types.ts";
import { type LM, wrapLM } from "../lm/types.ts";
import type { ProgramState } from "../module/state.ts";
import { type ExampleData, exampleFromData } from "../optimize/example-data.ts";
import { type ArtifactStore, getJson } from "../ports/artifact-store.ts";
import type { RunStore } from "../ports/run-store.ts";
import { programFromState } from "./programs.ts";
import { type StageName, stageNames } from "./stages.ts";

/** The program a stage pass runs on each example: a saved single-predictor program, or the gold judge. */
export type StagePassProgram = { kind: "state"; state: ProgramState } | { kind: "gold-judge" };

/** How each prediction is scored: not at all (every prediction passes) or exact match on a field. */
export type StagePassMetric = { kind: "none" } | { kind: "exact"; field: string };

/**
 * One pass of a stage over its examples, as data: what every job of the pass runs, wherever it
 * runs (an in-process worker, or a Lambda worker behind SQS).
 */
export interface StagePass {
  stage: StageName;
  /** The pass's number within its stage, from 1, in the order the stage asks for its passes. */
  pass: number;
  program: StagePassProgram;
  /** The default LM of the program's predictors. */
  model: string;
  metric: StagePassMetric;
  temperature?: number;
  rolloutId?: number;
}

/** One example of a stage pass: a job on the job queue, its result one EvaluationRecord. */
export interface StageJob {
  id: string;
  kind: "stage";
  stage: StageName;
  /** Where the pass is stored (the program and its options): jobs carry keys, not programs. */
  passKey: string;
  /** The example's position in the pass. */
  index: number;
  example: ExampleData;
}

/**
 * A stage pass's jobs as the runtimes run them: `step` names the round (unique within the run),
 * `jobsKey` is where the jobs are stored.
 */
export interface StageRound {
  runId: string;
  stage: StageName;
  step: number;
  jobsKey: string;
  jobCount: number;
}

/**
 * The round number of a stage pass: unique within a run and stable across passes of the engine,
 * since a stage asks for its passes in the same order every time it runs.
 *
 * @example
 * stageRoundStep("label", 1); // 2001
 */
export function stageRoundStep(stage: StageName, pass: number): number {
  return stageNames.indexOf(stage) * 1000 + pass;
}

/**
 * Artifact keys of a stage pass: its program and options, and its jobs.
 *
 * @example
 * stagePassKeys("run-1", "generate", 1).pass; // "runs/run-1/stage-jobs/generate/pass-001.json"
 */
export function stagePassKeys(runId: string, stage: StageName, pass: number): { pass: string; jobs: string } {
  const n = String(pass).padStart(3, "0");
  return {
    pass: `runs/${runId}/stage-jobs/${stage}/pass-${n}.json`,
    jobs: `runs/${runId}/stage-jobs/${stage}/jobs-${n}.json`,
  };
}

/**
 * RunStore counters of a stage's jobs: how many ran on a worker (counted once per job), the LM
 * calls those jobs made (answers that reached a model) and their cache hits.
 *
 * @example
 * await runs.getCounter("run-1", stageJobCounters("label").jobs);
 */
export function stageJobCounters(stage: StageName): { jobs: string; calls: string; cached: string } {
  return { jobs: `stage-jobs:${stage}`, calls: `stage-calls:${stage}`, cached: `stage-cached:${stage}` };
}

/** A stage job's record, and what its LMs did: calls that reached a model, and cache hits. */
export interface StageJobResult {
  record: EvaluationRecord;
  lmCalls: number;
  cacheHits: number;
}

/**
 * A stored stage pass, checked.
 *
 * @example
 * const pass = await loadStagePass(artifacts, job.passKey);
 */
export async function loadStagePass(artifacts: ArtifactStore, key: string): Promise<StagePass> {
  const pass = (await getJson(artifacts, key)) as StagePass | null;
  if (pass === null || typeof pass.model !== "string" || typeof pass.program?.kind !== "string") {
    throw new JudgeloopError("missing_artifact", `no stage pass at ${key}`);
  }
  return pass;
}

/**
 * Runs one job of a stage pass: the pass's program on the job's example, scored by its metric,
 * with the pass's sampling options; counts the calls its LMs answered and how many of those were
 * cache hits. An LM failure is an error record (data), not a throw.
 *
 * @example
 * const { record } = await runStageJob(job, pass, lmFor); // record.outputs.reply
 */
export async function runStageJob(
  job: StageJob,
  pass: StagePass,
  baseLMFor: (model: string) => LM,
): Promise<StageJobResult> {
  const tally = { lmCalls: 0, cacheHits: 0 };
  const lmFor = (model: string) =>
    wrapLM(baseLMFor(model), async (request) => {
      const response = await baseLMFor(model).call(request);
      if (response.cached) tally.cacheHits++;
      else tally.lmCalls++;
      return response;
    });
  const program: Evaluable =
    pass.program.kind === "gold-judge" ? createGoldJudge() : programFromState(pass.program.state, { resolveLM: lmFor });
  const metric: Metric = pass.metric.kind === "exact" ? exactMatch(pass.metric.field) : () => true;
  const result = await evaluate(program, [exampleFromData(job.example)], metric, {
    lm: lmFor(pass.model),
    concurrency: 1,
    ...(pass.temperature !== undefined && { temperature: pass.temperature }),
    ...(pass.rolloutId !== undefined && { rolloutId: pass.rolloutId }),
  });
  const [record] = result.records;
  if (!record) throw new JudgeloopError("stage_job_failed", `job ${job.id} produced no record`);
  return { record: { ...record, index: job.index }, ...tally };
}

/**
 * Counts a stage job whose result a worker has just stored, with its LM calls and cache hits.
 * Call it only when `putResultOnce` stored the result: that conditional write is what makes the
 * count happen once per job (a redelivered job finds its result and is not counted again), so no
 * count-once item of its own is written — one DynamoDB write fewer per job.
 *
 * @example
 * if ((await runs.putResultOnce(runId, job.id, result.record)).stored) await countStageJob(runs, runId, job, result);
 */
export async function countStageJob(
  runs: RunStore,
  runId: string,
  job: Pick<StageJob, "id" | "stage">,
  result: Pick<StageJobResult, "lmCalls" | "cacheHits">,
): Promise<void> {
  const counters = stageJobCounters(job.stage);
  await Promise.all([
    runs.increment(runId, counters.jobs),
    ...(result.lmCalls > 0 ? [runs.increment(runId, counters.calls, result.lmCalls)] : []),
    ...(result.cacheHits > 0 ? [runs.increment(runId, counters.cached, result.cacheHits)] : []),
  ]);
}

/**
 * True when a queued job's payload is a stage job.
 *
 * @example
 * if (isStageJob(payload.job)) await runStageJob(payload.job, pass, lmFor);
 */
export function isStageJob(job: unknown): job is StageJob {
  const candidate = job as Partial<StageJob> | null;
  return candidate?.kind === "stage" && typeof candidate.passKey === "string" && typeof candidate.index === "number";
}

/**
 * The stages whose per-example calls are stage jobs in every run (the optimizations' are
 * optimizer rounds). `prepare` has jobs too when it synthesizes its conversations
 * (`data.synthesize`): one per conversation and attempt.
 */
export const fannedOutStages: readonly StageName[] = ["generate", "label", "judge-eval", "judge-optimize", "compare"];

/** A stage's job counts: jobs that ran on a worker, their LM calls and their cache hits. */
export interface StageJobCounts {
  jobs: number;
  calls: number;
  cached: number;
}

/**
 * The job counts of each stage whose calls are jobs (or of `stages`), as the workers counted them.
 *
 * @example
 * const counts = await readStageJobCounts(runs, "run-1"); // counts.label.jobs
 * const { prepare } = await readStageJobCounts(runs, "run-1", ["prepare"]); // synthesis jobs
 */
export async function readStageJobCounts(
  runs: RunStore,
  runId: string,
  stages: readonly StageName[] = fannedOutStages,
): Promise<Partial<Record<StageName, StageJobCounts>>> {
  const counts: Partial<Record<StageName, StageJobCounts>> = {};
  for (const stage of stages) {
    const counters = stageJobCounters(stage);
    counts[stage] = {
      jobs: await runs.getCounter(runId, counters.jobs),
      calls: await runs.getCounter(runId, counters.calls),
      cached: await runs.getCounter(runId, counters.cached),
    };
  }
  return counts;
}
