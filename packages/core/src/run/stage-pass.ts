import { notRunRecord } from "../evaluate/run-example.ts";
import { summarize } from "../evaluate/summary.ts";
import type { EvaluateResult, EvaluationRecord, StoppedReason } from "../evaluate/types.ts";
import type { Example } from "../module/example.ts";
import type { Program } from "../module/program.ts";
import { exampleToData } from "../optimize/example-data.ts";
import { putJson } from "../ports/artifact-store.ts";
import { contentHash } from "../util/canonical-json.ts";
import type { StageContext } from "./stage-context.ts";
import {
  type StageJob,
  type StagePass,
  type StagePassMetric,
  type StageRound,
  stagePassKeys,
  stageRoundStep,
} from "./stage-jobs.ts";

/** One pass of a stage over examples, as the stage asks for it. */
export interface StagePassRequest {
  /** The program to run on each example, or the gold judge (labels). */
  program: Program | "gold-judge";
  examples: readonly Example[];
  metric: StagePassMetric;
  /** Default LM of the program's predictors. */
  model: string;
  /** Progress unit and a label for this pass, e.g. "replies". */
  unit: string;
  options?: { temperature?: number; rolloutId?: number };
}

/**
 * Runs a stage pass as jobs: plans one job per example (stored in the artifact store, each
 * with an id stable across passes of the engine), has the run's job runtime run those without
 * a stored result (in-process workers locally; on AWS the pipeline machine dispatches them to
 * SQS and this throws StageJobsPending until they are done), then collects the stored results
 * in example order. A stage that runs again finds its finished passes' results and runs nothing.
 *
 * @example
 * const result = await runStagePass(ctx, { program, examples, metric: { kind: "none" }, model, unit: "replies" });
 */
export async function runStagePass(ctx: StageContext, request: StagePassRequest): Promise<EvaluateResult> {
  const pass = passOf(ctx, request);
  const keys = stagePassKeys(ctx.runId, ctx.stage, pass.pass);
  const hash = contentHash(pass).slice(0, 10);
  const jobs: StageJob[] = request.examples.map((example, index) => ({
    id: `${ctx.stage}-${pass.pass}-${hash}-${index}`,
    kind: "stage",
    stage: ctx.stage,
    passKey: keys.pass,
    index,
    example: exampleToData(example, index),
  }));
  let stored = await ctx.runs.getResults(
    ctx.runId,
    jobs.map((job) => job.id),
  );
  if (stored.size < jobs.length) {
    await putJson(ctx.artifacts, keys.pass, pass);
    await putJson(ctx.artifacts, keys.jobs, jobs);
    const round: StageRound = {
      runId: ctx.runId,
      stage: ctx.stage,
      step: stageRoundStep(ctx.stage, pass.pass),
      jobsKey: keys.jobs,
      jobCount: jobs.length,
    };
    await ctx.runJobs(round, { pass, jobs, unit: request.unit });
    stored = await ctx.runs.getResults(
      ctx.runId,
      jobs.map((job) => job.id),
    );
  }
  return resultOf(request.examples, jobs, stored, ctx.signal?.aborted === true);
}

function passOf(ctx: StageContext, request: StagePassRequest): StagePass {
  return {
    stage: ctx.stage,
    pass: ctx.nextPass(),
    program:
      request.program === "gold-judge" ? { kind: "gold-judge" } : { kind: "state", state: request.program.toState() },
    model: request.model,
    metric: request.metric,
    ...(request.options?.temperature !== undefined && { temperature: request.options.temperature }),
    ...(request.options?.rolloutId !== undefined && { rolloutId: request.options.rolloutId }),
  };
}

/** The pass's result from its stored records; a job without one (a cancelled run) did not run. */
function resultOf(
  examples: readonly Example[],
  jobs: readonly StageJob[],
  stored: Map<string, unknown>,
  cancelled: boolean,
): EvaluateResult {
  const records = jobs.map((job, index) => {
    const record = stored.get(job.id) as EvaluationRecord | undefined;
    return record ?? notRunRecord(examples[index] as Example, index, "cancelled");
  });
  return summarize(records, stoppedOf(records, cancelled));
}

function stoppedOf(
  records: readonly EvaluationRecord[],
  cancelled: boolean,
): { reason: StoppedReason; message: string } | undefined {
  const budget = records.find((record) => record.status === "not_run" && record.errorKind === "budget_exceeded");
  if (budget) return { reason: "budget_exceeded", message: budget.errorMessage ?? "the budget is spent" };
  if (cancelled && records.some((record) => record.status === "not_run")) {
    return { reason: "cancelled", message: "evaluation was cancelled" };
  }
  return undefined;
}
