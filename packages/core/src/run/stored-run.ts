import { JudgeloopError } from "../errors.ts";
import type { LM } from "../lm/types.ts";
import { type ArtifactStore, getJson } from "../ports/artifact-store.ts";
import type { RunRecord, RunStore } from "../ports/run-store.ts";
import { pipelineInputOf } from "./run-engine.ts";
import { readMeter } from "./run-meter.ts";
import type { RunStop, StageContext } from "./stage-context.ts";
import { type StageOutputs, stageOutputKey } from "./stage-outputs.ts";
import { summaryOf } from "./stage-report.ts";
import { stageNames } from "./stages.ts";
import type { RunSummaryData } from "./summary-types.ts";

/**
 * The outputs of every stage of a run that finished, read back from the artifact store.
 *
 * @example
 * const outputs = await storedOutputs(artifacts, record);
 */
export async function storedOutputs(artifacts: ArtifactStore, record: RunRecord): Promise<StageOutputs> {
  const outputs: StageOutputs = {};
  for (const stage of stageNames) {
    if (record.stages[stage]?.status !== "succeeded") continue;
    const value = await getJson(artifacts, stageOutputKey(record.id, stage));
    if (value !== null) Object.assign(outputs, { [stage]: value });
  }
  return outputs;
}

/**
 * The summary of a stored run as it stands (finished or not), without calling any model:
 * what `judgeloop report RUN` writes.
 *
 * @example
 * const summary = await summaryOfStoredRun("run-1", { runs, artifacts, now: () => new Date().toISOString() });
 */
export async function summaryOfStoredRun(
  runId: string,
  deps: { runs: RunStore; artifacts: ArtifactStore; now: () => string },
): Promise<RunSummaryData> {
  const record = await deps.runs.getRun(runId);
  if (!record) throw new JudgeloopError("run_not_found", `no run ${runId}`);
  const input = pipelineInputOf(record);
  const stop = stopOf(record);
  const ctx: StageContext = {
    runId,
    stage: "report",
    runs: deps.runs,
    nextPass: () => 1,
    runJobs: async () => {
      throw new JudgeloopError("offline", "a stored run's summary runs no jobs");
    },
    input,
    artifacts: deps.artifacts,
    lmFor: offlineLM,
    costOf: () => null,
    services: noServices,
    outputs: await storedOutputs(deps.artifacts, record),
    now: () => record.finishedAt ?? deps.now(),
    meter: () => readMeter(deps.runs, runId),
    run: { startedAt: record.startedAt ?? record.createdAt, ...(stop && { stop }) },
    progress: () => undefined,
    note: () => undefined,
  };
  return summaryOf(ctx);
}

function stopOf(record: RunRecord): RunStop | undefined {
  const reason = (record.result as { reason?: string } | undefined)?.reason ?? record.errors.at(-1)?.message;
  switch (record.status) {
    case "succeeded":
      return undefined;
    case "stopped":
    case "failed":
    case "cancelled":
      return { status: record.status, reason: reason ?? `the run ${record.status}` };
    default:
      return { status: "running", reason: "the run has not finished (resume it with `judgeloop resume`)" };
  }
}

/** Programs are rebuilt to render their prompts only: any call is a bug. */
function offlineLM(model: string): LM {
  return {
    model,
    capabilities: { structuredOutputs: false, jsonMode: false },
    call: async () => {
      throw new JudgeloopError("offline", `building a report calls no model (asked for ${model})`);
    },
  };
}

const unavailable = async (): Promise<never> => {
  throw new JudgeloopError("offline", "building a report runs no stage");
};

const noServices: StageContext["services"] = {
  loadConversations: unavailable,
  loadSmeLabels: unavailable,
  languageDetector: unavailable,
  optimize: unavailable,
  writeReport: unavailable,
};
