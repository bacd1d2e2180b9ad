import {
  type ArtifactStore,
  type CacheStore,
  exactMatch,
  JudgeloopError,
  judgeMetric,
  type LM,
  type Metric,
  type MiproJobContext,
  type PriceTable,
  type RunStore,
  withRunMeter,
} from "@judgeloop/core";
import { loadProgramState, type MetricSpec, type OptimizeSpec, specOfRun } from "./run-spec.ts";
import { savedProgram } from "./saved-program.ts";

/** Builds the LM of a `provider/model` for a run: priced, retried and, with caps, budgeted. */
export type RunLMFactory = (
  model: string,
  run: {
    runId: string;
    budget?: OptimizeSpec["budget"];
    /** Answers repeated calls from the cache (a pipeline stage); workers store job results instead. */
    cache?: CacheStore;
    /** Default: the built-in table. */
    prices?: PriceTable;
  },
) => LM;

/**
 * What a worker runs a run's jobs with: the program (rebuilt from its saved state), the metric,
 * and the LMs of its spec, every one charged to the run's budget.
 *
 * @example
 * const context = await jobContextOf({ artifacts, runStore, lmFor }, "run-1");
 * await runMiproJob(job, context);
 */
export async function jobContextOf(
  deps: {
    artifacts: ArtifactStore;
    runStore: RunStore;
    lmFor: RunLMFactory;
    /** Readies what the run's models need (provider SDKs) before any LM is built. */
    prepareModels?: (models: readonly string[]) => Promise<void>;
    /** The content-addressed LM cache: a call the run (or its pipeline) made before costs nothing again. */
    cache?: CacheStore;
  },
  runId: string,
): Promise<MiproJobContext> {
  const run = await deps.runStore.getRun(runId);
  if (run === null) throw new JudgeloopError("run_not_found", `no run ${runId}`);
  const spec = specOfRun(run);
  const programState = await loadProgramState(deps.artifacts, spec.programKey);
  const bound = Object.values(programState.predictors).flatMap((predictor) => (predictor.lm ? [predictor.lm] : []));
  const metricModels = spec.metric.kind === "judge" ? [spec.metric.model] : [];
  await deps.prepareModels?.([spec.models.task, spec.models.proposer, ...metricModels, ...bound]);
  // A pipeline's optimization charges the pipeline run: its ledger (one cap) and its meter (one spend).
  const account = spec.account ?? runId;
  const lm = (model: string) => {
    const built = deps.lmFor(model, {
      runId: account,
      ...(spec.budget && { budget: spec.budget }),
      ...(deps.cache && { cache: deps.cache }),
    });
    return spec.account === undefined ? built : withRunMeter(built, deps.runStore, account);
  };
  return {
    program: savedProgram(programState, lm),
    metric: await metricOf(deps.artifacts, spec.metric, lm),
    proposerLM: lm(spec.models.proposer),
    lm: lm(spec.models.task),
    resolveLM: lm,
  };
}

/**
 * The metric a spec names: exact match on a field, or a judge program (loaded from S3) asked
 * about the prediction on its own model.
 *
 * @example
 * const metric = await metricOf(artifacts, { kind: "exact", field: "satisfied" }, lm);
 */
export async function metricOf(
  artifacts: ArtifactStore,
  metric: MetricSpec,
  lm: (model: string) => LM,
): Promise<Metric> {
  if (metric.kind === "exact") return exactMatch(metric.field);
  const judge = savedProgram(await loadProgramState(artifacts, metric.programKey), lm);
  return judgeMetric(judge, {
    lm: lm(metric.model),
    resolveLM: lm,
    ...(metric.replyField !== undefined && { replyField: metric.replyField }),
    ...(metric.conversationField !== undefined && { conversationField: metric.conversationField }),
    ...(metric.transcriptField !== undefined && { transcriptField: metric.transcriptField }),
    ...(metric.verdictField !== undefined && { verdictField: metric.verdictField }),
  });
}
