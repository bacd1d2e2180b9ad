import {
  type ArtifactStore,
  datasetToData,
  JudgeloopError,
  newRunRecord,
  type OptimizationRequest,
  putJson,
  type RunRecord,
  type RunStore,
  RunSuspended,
} from "@judgeloop/core";
import type { OptimizeRunResult } from "../optimizer/finalize-run.ts";
import type { OptimizerState } from "../optimizer/optimizer-kind.ts";
import { type OptimizeSpec, optimizerSchema, optimizeSpecSchema } from "../optimizer/run-spec.ts";
import { loadState } from "../optimizer/state-store.ts";

/**
 * The optimize run a pipeline stage hands its optimization to; its execution has the same name.
 *
 * @example
 * optimizationRunId("run-1", "judge-optimize"); // "run-1-judge-optimize"
 */
export function optimizationRunId(pipelineRunId: string, stage: string): string {
  return `${pipelineRunId}-${stage}`;
}

/**
 * A pipeline stage's optimization on AWS. The first call stores the optimization as an optimize
 * run of its own (program, trainset and metric in S3, charged to the pipeline's budget) and
 * suspends the pipeline (RunSuspended), so the state machine runs the optimizer's execution
 * for it; the call after that execution ends returns the optimizer's final state. A failed or
 * cancelled optimization fails the stage, naming the run to look at.
 *
 * @example
 * services.optimize = (request) => optimizeAsRun({ runStore, artifacts, now }, pipelineRun, request);
 */
export async function optimizeAsRun(
  deps: { runStore: RunStore; artifacts: ArtifactStore; now: () => Date },
  pipeline: RunRecord,
  request: OptimizationRequest,
): Promise<OptimizerState> {
  const runId = optimizationRunId(pipeline.id, request.stage);
  const existing = await deps.runStore.getRun(runId);
  const waiting = new RunSuspended({ runId }, `the ${request.stage} optimization runs as run ${runId}`);
  if (existing === null) {
    await createOptimizationRun(deps, pipeline, runId, request);
    throw waiting;
  }
  if (existing.status === "succeeded" || existing.status === "stopped") {
    const result = existing.result as Partial<OptimizeRunResult> | undefined;
    if (typeof result?.stateKey !== "string") {
      throw new JudgeloopError("missing_artifact", `optimization run ${runId} ended without its final state`);
    }
    return loadState(deps.artifacts, result.stateKey);
  }
  if (existing.status === "failed" || existing.status === "cancelled") {
    const last = existing.errors.at(-1)?.message;
    throw new JudgeloopError(
      "optimization_failed",
      `optimization run ${runId} ${existing.status}${last === undefined ? "" : `: ${last}`}`,
    );
  }
  throw waiting;
}

async function createOptimizationRun(
  deps: { runStore: RunStore; artifacts: ArtifactStore; now: () => Date },
  pipeline: RunRecord,
  runId: string,
  request: OptimizationRequest,
): Promise<void> {
  if (request.metricSpec === undefined) {
    throw new JudgeloopError("not_supported", `stage ${request.stage} gives no metric spec, so it cannot run on AWS`);
  }
  const programKey = `runs/${runId}/input/program.json`;
  const trainsetKey = `runs/${runId}/input/trainset.json`;
  await putJson(deps.artifacts, programKey, request.program.toState());
  await putJson(deps.artifacts, trainsetKey, datasetToData(request.trainset));
  const spec: OptimizeSpec = optimizeSpecSchema.parse({
    kind: "optimize",
    programKey,
    trainsetKey,
    metric: request.metricSpec,
    models: { task: request.lm.model, proposer: request.proposerLM.model },
    optimizer: optimizerSizes(request),
    ...(request.options.budget && { budget: request.options.budget }),
    account: pipeline.id,
    parent: { runId: pipeline.id, stage: request.stage },
  });
  const { capUsd, maxCalls } = request.options.budget ?? {};
  await deps.runStore.createRun(
    newRunRecord({
      id: runId,
      kind: "optimize",
      input: spec,
      now: deps.now().toISOString(),
      ...(capUsd !== undefined && { capUsd }),
      ...(maxCalls !== undefined && { maxCalls }),
    }),
  );
}

/**
 * The optimizer an optimize spec carries: the sizes of the request's MIPRO options (they also
 * give GEPA its preset and seed), and for GEPA its kind and metric-call budget.
 */
function optimizerSizes(request: OptimizationRequest): OptimizeSpec["optimizer"] {
  const options = request.options as Record<string, unknown>;
  const sizes = Object.fromEntries(
    Object.keys(optimizerSchema.shape).flatMap((key) => (options[key] === undefined ? [] : [[key, options[key]]])),
  );
  if (request.kind !== "gepa") return sizes;
  const maxMetricCalls = request.gepa?.maxMetricCalls;
  return { ...sizes, kind: "gepa", ...(maxMetricCalls !== undefined && { maxMetricCalls }) };
}
