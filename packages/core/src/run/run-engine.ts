import { JudgeloopError } from "../errors.ts";
import type { LM, Usage } from "../lm/types.ts";
import { type ArtifactStore, getJson, putJson } from "../ports/artifact-store.ts";
import { newRunRecord } from "../ports/run-record.ts";
import type { RunRecord, RunStore, StageRecord } from "../ports/run-store.ts";
import { judgeloopAttributes } from "../tracing/span-attributes.ts";
import { errorTypeOf, inSpan, noopTracer, type Tracer } from "../tracing/tracer.ts";
import type { RunEventSink } from "./run-events.ts";
import { type RunInput, runInputFormat } from "./run-input.ts";
import { readMeter, withRunMeter } from "./run-meter.ts";
import {
  type RunServices,
  type RunStop,
  RunStopped,
  RunSuspended,
  type StageContext,
  StageJobsPending,
} from "./stage-context.ts";
import type { StageRound } from "./stage-jobs.ts";
import { runStageJobsInProcess } from "./stage-jobs-in-process.ts";
import { type StageOutputs, stageOutputKey } from "./stage-outputs.ts";
import { stageRunners } from "./stage-runners.ts";
import { gatedStages, type StageName, stageNames } from "./stages.ts";

export interface RunEngineDeps {
  runs: RunStore;
  artifacts: ArtifactStore;
  /** The LM of a model (cached, budgeted, rate-limited); the engine adds the run's meter. */
  lmFor: (model: string) => LM;
  costOf: (model: string, usage: Usage) => number | null;
  services: RunServices;
  /** ISO-8601 now. */
  now: () => string;
  onEvent?: RunEventSink;
  signal?: AbortSignal;
  /** Test support: awaited at each named point (`stage:<name>`), so a test can kill the process there. */
  checkpoint?: (point: string) => Promise<void>;
  /** Records the run as a span, each stage as its child (the LMs of `lmFor` add their own spans). */
  tracer?: Tracer;
}

/** How a run ended (or stands, when it was already finished). */
export interface RunOutcome {
  runId: string;
  status: RunRecord["status"];
  reason?: string;
  htmlPath?: string;
  summaryPath?: string;
  /** Set when the run paused at a stage whose work runs elsewhere (see RunSuspended): run it again once that is done. */
  waitingFor?: { stage: StageName; runId: string };
  /** Set when the run paused at a stage pass whose jobs run elsewhere (see StageJobsPending): run it again once they are done. */
  jobs?: StageRound;
}

/**
 * Stores a new pipeline run, queued, with what it was started with.
 *
 * @example
 * await createPipelineRun(runs, { runId: "run-1", input, now: new Date().toISOString() });
 */
export async function createPipelineRun(
  runs: RunStore,
  options: { runId: string; input: RunInput; now: string },
): Promise<RunRecord> {
  const { budget } = options.input.config;
  const record = newRunRecord({
    id: options.runId,
    kind: "pipeline",
    input: options.input,
    now: options.now,
    ...(budget.capUsd !== undefined && { capUsd: budget.capUsd }),
    ...(budget.maxCalls !== undefined && { maxCalls: budget.maxCalls }),
  });
  const { created, run } = await runs.createRun(record);
  if (!created) throw new JudgeloopError("run_exists", `run ${options.runId} exists already`);
  return run;
}

/**
 * The input a pipeline run was started with, checked.
 *
 * @example
 * const input = pipelineInputOf(await runs.getRun(runId));
 */
export function pipelineInputOf(run: RunRecord): RunInput {
  const input = run.input as Partial<RunInput> | null;
  if (run.kind !== "pipeline" || input?.format !== runInputFormat) {
    throw new JudgeloopError("not_a_pipeline_run", `run ${run.id} is a ${run.kind} run, not a pipeline run`);
  }
  return input as RunInput;
}

/**
 * Runs (or resumes) a pipeline run to its end: each stage in order, skipping those that
 * finished before, storing each output as an artifact and its status, timings, progress and
 * the run's spend in the RunStore. A failed gate or a spent budget stops the run cleanly (the
 * report is still written); any other error fails it and is rethrown.
 *
 * @example
 * const outcome = await executeRun("run-1", deps); // outcome.htmlPath
 */
export async function executeRun(runId: string, deps: RunEngineDeps): Promise<RunOutcome> {
  if (!deps.tracer) return executeStages(runId, deps);
  const attributes = { [judgeloopAttributes.runId]: runId, [judgeloopAttributes.runKind]: "pipeline" };
  const workflow = { "gen_ai.operation.name": "invoke_workflow", "gen_ai.workflow.name": "judgeloop pipeline" };
  const spanOptions = { attributes: { ...workflow, ...attributes } };
  return inSpan(deps.tracer, "invoke_workflow judgeloop pipeline", spanOptions, async (span) => {
    const outcome = await executeStages(runId, deps);
    const meter = await readMeter(deps.runs, runId);
    span.setAttributes({
      [judgeloopAttributes.runStatus]: outcome.status,
      [judgeloopAttributes.costUsd]: meter.costUsd,
      "judgeloop.calls": meter.calls,
      "judgeloop.cached_calls": meter.cached,
    });
    return outcome;
  });
}

async function executeStages(runId: string, deps: RunEngineDeps): Promise<RunOutcome> {
  const record = await requireRun(deps.runs, runId);
  if (record.status === "succeeded" || record.status === "cancelled") return outcomeOf(record);
  const input = pipelineInputOf(record);
  const startedAt = record.startedAt ?? deps.now();
  await deps.runs.updateRun(runId, { status: "running", startedAt, updatedAt: deps.now() });
  deps.onEvent?.({ type: "run-start", runId, resumed: Object.keys(record.stages).length > 0 });
  const state: EngineState = { runId, input, record, outputs: {}, run: { startedAt } };
  for (const [index, stage] of stageNames.entries()) {
    await runOrSkip(state, stage, index, deps);
    if (state.waitingFor || state.jobs) {
      await deps.runs.updateRun(runId, { updatedAt: deps.now(), spend: await spendOf(deps, state) });
      return {
        runId,
        status: "running",
        ...(state.waitingFor && { waitingFor: state.waitingFor }),
        ...(state.jobs && { jobs: state.jobs }),
      };
    }
  }
  const stop = state.run.stop;
  const report = state.outputs.report;
  const finished = await deps.runs.updateRun(runId, {
    status: finalStatus(stop),
    finishedAt: deps.now(),
    updatedAt: deps.now(),
    spend: await spendOf(deps, state),
    progress: { done: stageNames.length, total: stageNames.length, unit: "stages" },
    ...(report && { result: { ...report, ...(stop && { reason: stop.reason }) } }),
    ...(!report && input.endAfter !== undefined && { result: endedAfterResult(state, input.endAfter, stop) }),
  });
  return outcomeOf(finished ?? record);
}

/** The result of a run that ends after `stage` (it writes no report): that stage's output. */
function endedAfterResult(state: EngineState, stage: StageName, stop: RunStop | undefined): Record<string, unknown> {
  const output = state.outputs[stage as keyof StageOutputs] as object | undefined;
  return { endedAfter: stage, ...output, ...(stop && { reason: stop.reason }) };
}

interface EngineState {
  runId: string;
  input: RunInput;
  record: RunRecord;
  outputs: StageOutputs;
  run: { startedAt: string; stop?: RunStop };
  waitingFor?: RunOutcome["waitingFor"];
  jobs?: StageRound;
}

async function runOrSkip(state: EngineState, stage: StageName, index: number, deps: RunEngineDeps): Promise<void> {
  const previous = state.record.stages[stage];
  if (previous?.status === "succeeded") {
    setOutput(state.outputs, stage, await getJson(deps.artifacts, stageOutputKey(state.runId, stage)));
    if (stage === "gate" && state.outputs.gate && !state.outputs.gate.allowed) stopForGate(state);
    deps.onEvent?.({ type: "stage-end", stage, status: "skipped", ms: 0, message: "done before" });
    skippedStageSpan(deps, stage, "done before");
    return;
  }
  if (deps.signal?.aborted && !state.run.stop)
    state.run.stop = { status: "cancelled", reason: "the run was cancelled" };
  const skip = skipReason(state, stage);
  if (skip !== undefined) {
    await patchStage(deps, state.runId, stage, { status: "skipped", message: skip, finishedAt: deps.now() });
    deps.onEvent?.({ type: "stage-end", stage, status: "skipped", ms: 0, message: skip });
    skippedStageSpan(deps, stage, skip);
    return;
  }
  await deps.checkpoint?.(`stage:${stage}`);
  await runStage(state, stage, index, deps);
  if (stage === "gate" && state.outputs.gate && !state.outputs.gate.allowed) stopForGate(state);
}

function skipReason(state: EngineState, stage: StageName): string | undefined {
  const { endAfter } = state.input;
  if (endAfter !== undefined && stageNames.indexOf(stage) > stageNames.indexOf(endAfter)) {
    return `the run ends after ${endAfter}`;
  }
  if (stage === "report") return undefined;
  const gate = state.outputs.gate;
  if (gate && !gate.allowed && gatedStages.has(stage)) return "the judge did not pass the gate";
  if (state.run.stop) return `the run ${state.run.stop.status}`;
  return undefined;
}

function stopForGate(state: EngineState): void {
  state.run.stop ??= { status: "stopped", reason: `the judge did not pass the gate: ${state.outputs.gate?.reason}` };
}

async function runStage(state: EngineState, stage: StageName, index: number, deps: RunEngineDeps): Promise<void> {
  const started = msNow(deps);
  // A stage that paused (RunSuspended) or was interrupted keeps the time it first started.
  const previous = state.record.stages[stage];
  const startedAt = (previous?.status === "running" && previous.startedAt) || deps.now();
  await patchStage(deps, state.runId, stage, { status: "running", startedAt });
  deps.onEvent?.({ type: "stage-start", stage, index, total: stageNames.length });
  // Progress is written in the background; it must land before the stage's final record.
  const writes = { pending: Promise.resolve() };
  const tracer = tracerOf(deps);
  const span = tracer.startSpan(`stage ${stage}`, { attributes: { [judgeloopAttributes.stage]: stage } });
  try {
    const context = contextFor(state, stage, deps, writes);
    const output: unknown = await tracer.withSpan(span, (): Promise<unknown> => stageRunners[stage](context));
    span.setAttributes({ [judgeloopAttributes.stageStatus]: "succeeded" });
    await writes.pending;
    const key = stageOutputKey(state.runId, stage);
    await putJson(deps.artifacts, key, output);
    setOutput(state.outputs, stage, output);
    await patchStage(deps, state.runId, stage, {
      status: "succeeded",
      startedAt,
      finishedAt: deps.now(),
      output: { key },
    });
    deps.onEvent?.({ type: "stage-end", stage, status: "succeeded", ms: msNow(deps) - started });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof JudgeloopError ? error.code : "stage_failed";
    await writes.pending;
    span.setAttributes({ [judgeloopAttributes.stageStatus]: stageSpanStatus(error) });
    if (stageSpanStatus(error) === "failed") span.fail(errorTypeOf(error));
    if (error instanceof StageJobsPending) {
      await patchStage(deps, state.runId, stage, { status: "running", startedAt, message });
      state.jobs = error.round;
      return;
    }
    if (error instanceof RunSuspended) {
      await patchStage(deps, state.runId, stage, { status: "running", startedAt, message });
      deps.onEvent?.({ type: "note", message });
      state.waitingFor = { stage, runId: error.waitingFor.runId };
      return;
    }
    await patchStage(deps, state.runId, stage, { status: "failed", startedAt, finishedAt: deps.now(), message });
    await deps.runs.updateRun(state.runId, { addErrors: [{ at: deps.now(), code, message, stage }] });
    deps.onEvent?.({ type: "stage-end", stage, status: "failed", ms: msNow(deps) - started, message });
    if (!(error instanceof RunStopped)) {
      await deps.runs.updateRun(state.runId, { status: "failed", finishedAt: deps.now(), updatedAt: deps.now() });
      throw error;
    }
    state.run.stop = { status: error.code === "cancelled" ? "cancelled" : "stopped", reason: message };
  } finally {
    span.end();
  }
  await deps.runs.updateRun(state.runId, {
    updatedAt: deps.now(),
    spend: await spendOf(deps, state),
    progress: { done: index + 1, total: stageNames.length, unit: "stages" },
  });
}

function contextFor(
  state: EngineState,
  stage: StageName,
  deps: RunEngineDeps,
  writes: { pending: Promise<void> },
): StageContext {
  const metered = new Map<string, LM>();
  const lmFor = (model: string): LM => {
    const existing = metered.get(model);
    if (existing) return existing;
    const lm = withRunMeter(deps.lmFor(model), deps.runs, state.runId);
    metered.set(model, lm);
    return lm;
  };
  let lastWrite = 0;
  let passes = 0;
  const progress: StageContext["progress"] = (done, total, unit, detail) => {
    deps.onEvent?.({ type: "stage-progress", stage, done, total, unit, ...(detail !== undefined && { detail }) });
    const at = msNow(deps);
    if (at - lastWrite < 500 && done < total) return;
    lastWrite = at;
    const record = { status: "running" as const, progress: { done, total, unit } };
    writes.pending = writes.pending.then(() => patchStage(deps, state.runId, stage, record, true));
  };
  return {
    runId: state.runId,
    stage,
    runs: deps.runs,
    nextPass: () => ++passes,
    runJobs: (round, planned) => {
      const request = {
        round,
        pass: planned.pass,
        jobs: planned.jobs,
        lmFor,
        concurrency: state.input.config.limits.concurrency,
        progress: (done: number, total: number, errors: number) =>
          progress(done, total, planned.unit, errors > 0 ? `${errors} errors` : undefined),
        ...(deps.signal && { signal: deps.signal }),
      };
      return deps.services.runStageJobs?.(request) ?? runStageJobsInProcess(deps.runs, request);
    },
    input: state.input,
    artifacts: deps.artifacts,
    lmFor,
    costOf: deps.costOf,
    services: deps.services,
    outputs: state.outputs,
    now: deps.now,
    meter: () => readMeter(deps.runs, state.runId),
    run: state.run,
    progress,
    note: (message) => deps.onEvent?.({ type: "note", message }),
    ...(deps.signal && { signal: deps.signal }),
  };
}

/** Replaces a stage's record, keeping its start time; `quiet` swallows store errors (progress only). */
async function patchStage(
  deps: RunEngineDeps,
  runId: string,
  stage: StageName,
  record: StageRecord,
  quiet = false,
): Promise<void> {
  try {
    const current = (await deps.runs.getRun(runId))?.stages[stage];
    const merged: StageRecord = { ...(current?.startedAt && { startedAt: current.startedAt }), ...record };
    if (record.status !== "running") delete merged.progress;
    await deps.runs.updateRun(runId, { stages: { [stage]: merged }, updatedAt: deps.now() });
  } catch (error) {
    if (!quiet) throw error;
  }
}

function setOutput(outputs: StageOutputs, stage: StageName, value: unknown): void {
  if (value === null || value === undefined) {
    throw new JudgeloopError("artifact_not_found", `the stored output of stage ${stage} is missing`);
  }
  Object.assign(outputs, { [stage]: value });
}

async function spendOf(deps: RunEngineDeps, state: EngineState): Promise<RunRecord["spend"]> {
  const meter = await readMeter(deps.runs, state.runId);
  return { ...state.record.spend, spentUsd: meter.costUsd, calls: meter.calls };
}

function tracerOf(deps: Pick<RunEngineDeps, "tracer">): Tracer {
  return deps.tracer ?? noopTracer;
}

/** How a stage that threw ended, for its span: paused until work elsewhere is done, stopped on purpose, or failed. */
function stageSpanStatus(error: unknown): string {
  if (error instanceof StageJobsPending || error instanceof RunSuspended) return "paused";
  return error instanceof RunStopped ? "stopped" : "failed";
}

/** A stage that did not run still appears in the trace, so every run shows all its stages. */
function skippedStageSpan(deps: RunEngineDeps, stage: StageName, reason: string): void {
  const attributes = { [judgeloopAttributes.stage]: stage, [judgeloopAttributes.stageStatus]: "skipped" };
  tracerOf(deps)
    .startSpan(`stage ${stage}`, { attributes: { ...attributes, "judgeloop.stage.reason": reason } })
    .end();
}

/** Milliseconds from the injected clock, for durations and throttling. */
function msNow(deps: Pick<RunEngineDeps, "now">): number {
  return Date.parse(deps.now());
}

function finalStatus(stop: RunStop | undefined): RunRecord["status"] {
  if (!stop) return "succeeded";
  return stop.status === "failed" || stop.status === "cancelled" ? stop.status : "stopped";
}

async function requireRun(runs: RunStore, runId: string): Promise<RunRecord> {
  const record = await runs.getRun(runId);
  if (!record) throw new JudgeloopError("run_not_found", `no run ${runId}`);
  return record;
}

function outcomeOf(record: RunRecord): RunOutcome {
  const result = (record.result ?? {}) as { htmlPath?: string; summaryPath?: string; reason?: string };
  return {
    runId: record.id,
    status: record.status,
    ...(result.reason !== undefined && { reason: result.reason }),
    ...(result.htmlPath !== undefined && { htmlPath: result.htmlPath }),
    ...(result.summaryPath !== undefined && { summaryPath: result.summaryPath }),
  };
}
