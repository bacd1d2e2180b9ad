import {
  type ArtifactStore,
  exactMatch,
  JudgeloopError,
  judgeMetric,
  type LM,
  type Metric,
  type MiproJobContext,
  programFromState,
  type RunStore,
} from "@judgeloop/core";
import { loadProgramState, type MetricSpec, type OptimizeSpec, specOfRun } from "./run-spec.ts";

/** Builds the LM of a `provider/model` for a run: priced, retried and, with caps, budgeted. */
export type RunLMFactory = (model: string, run: { runId: string; budget?: OptimizeSpec["budget"] }) => LM;

/**
 * What a worker runs a run's jobs with: the program (rebuilt from its saved state), the metric,
 * and the LMs of its spec, every one charged to the run's budget.
 *
 * @example
 * const context = await jobContextOf({ artifacts, runStore, lmFor }, "run-1");
 * await runMiproJob(job, context);
 */
export async function jobContextOf(
  deps: { artifacts: ArtifactStore; runStore: RunStore; lmFor: RunLMFactory },
  runId: string,
): Promise<MiproJobContext> {
  const run = await deps.runStore.getRun(runId);
  if (run === null) throw new JudgeloopError("run_not_found", `no run ${runId}`);
  const spec = specOfRun(run);
  const lm = (model: string) => deps.lmFor(model, { runId, ...(spec.budget && { budget: spec.budget }) });
  const program = programFromState(await loadProgramState(deps.artifacts, spec.programKey), { resolveLM: lm });
  return {
    program,
    metric: await metricOf(deps.artifacts, spec.metric, lm),
    proposerLM: lm(spec.models.proposer),
    lm: lm(spec.models.task),
    resolveLM: lm,
  };
}

async function metricOf(artifacts: ArtifactStore, metric: MetricSpec, lm: (model: string) => LM): Promise<Metric> {
  if (metric.kind === "exact") return exactMatch(metric.field);
  const judge = programFromState(await loadProgramState(artifacts, metric.programKey), { resolveLM: lm });
  return judgeMetric(judge, {
    lm: lm(metric.model),
    resolveLM: lm,
    ...(metric.replyField !== undefined && { replyField: metric.replyField }),
    ...(metric.conversationField !== undefined && { conversationField: metric.conversationField }),
    ...(metric.transcriptField !== undefined && { transcriptField: metric.transcriptField }),
    ...(metric.verdictField !== undefined && { verdictField: metric.verdictField }),
  });
}
