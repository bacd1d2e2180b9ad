import { JudgeloopError } from "../errors.ts";
import type { RunPatch, RunPosition, RunRecord, RunStatus, TrialRecord } from "./run-store.ts";

const runStatuses: ReadonlySet<string> = new Set(["queued", "running", "succeeded", "stopped", "failed", "cancelled"]);
const terminalStatuses: ReadonlySet<RunStatus> = new Set(["succeeded", "stopped", "failed", "cancelled"]);

export interface NewRunOptions {
  id: string;
  kind: string;
  input: unknown;
  /** ISO-8601 time of creation, from the caller's clock. */
  now: string;
  capUsd?: number;
  maxCalls?: number;
}

/**
 * A fresh `queued` run with no stages, spend or errors yet.
 *
 * @example
 * await runs.createRun(newRunRecord({ id: "run-1", kind: "pipeline", input: config, now: clock.iso() }));
 */
export function newRunRecord(options: NewRunOptions): RunRecord {
  checkRunId(options.id);
  const spend: RunRecord["spend"] = { spentUsd: 0, calls: 0 };
  if (options.capUsd !== undefined) spend.capUsd = options.capUsd;
  if (options.maxCalls !== undefined) spend.maxCalls = options.maxCalls;
  return {
    id: options.id,
    kind: options.kind,
    status: "queued",
    createdAt: options.now,
    updatedAt: options.now,
    input: options.input,
    stages: {},
    spend,
    errors: [],
  };
}

/**
 * The run after `patch`, following the RunPatch rules (fields replaced, stages replaced by
 * name, errors appended). Pure: adapters that read-modify-write share it.
 *
 * @example
 * applyRunPatch(run, { status: "running", stages: { prepare: { status: "running" } } });
 */
export function applyRunPatch(run: RunRecord, patch: RunPatch): RunRecord {
  if (patch.status !== undefined && !runStatuses.has(patch.status)) {
    throw new JudgeloopError("bad_run_patch", `run ${run.id}: status ${JSON.stringify(patch.status)} is not a status`);
  }
  const { stages, addErrors, ...fields } = patch;
  const next: RunRecord = { ...run };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) Object.assign(next, { [key]: value });
  }
  if (stages) next.stages = { ...run.stages, ...stages };
  if (addErrors) next.errors = [...run.errors, ...addErrors];
  return next;
}

/** True once a run has ended and will not change status again. */
export function isTerminalRunStatus(status: RunStatus): boolean {
  return terminalStatuses.has(status);
}

/** True when the run's status satisfies a RunCondition (or there is none). */
export function meetsRunCondition(run: RunRecord, condition: { status: RunStatus[] } | undefined): boolean {
  return condition === undefined || condition.status.includes(run.status);
}

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._:=#@+-]*$/;

/**
 * Throws unless `value` can key a store item: 1-200 letters, digits and `._:=#@+-`, starting
 * with a letter or digit. Adapters call it for run ids, job ids and counter names alike, so
 * a key that works in SQLite also works as a DynamoDB key segment.
 *
 * @example
 * checkStoreKey("jobId", "job-3f2a"); // ok
 * checkStoreKey("jobId", ""); // throws JudgeloopError("bad_store_key")
 */
export function checkStoreKey(field: string, value: string): void {
  if (typeof value !== "string" || value.length > 200 || !idPattern.test(value)) {
    throw new JudgeloopError(
      "bad_store_key",
      `${field} ${JSON.stringify(String(value).slice(0, 60))} must be 1-200 letters, digits or ._:=#@+- starting with a letter or digit`,
    );
  }
}

/** checkStoreKey for a run id. */
export function checkRunId(runId: string): void {
  checkStoreKey("runId", runId);
}

/** Throws unless a trial has a stage name and a whole, non-negative index. */
export function checkTrial(trial: TrialRecord): void {
  checkStoreKey("trial.stage", trial.stage);
  if (!Number.isSafeInteger(trial.index) || trial.index < 0) {
    throw new JudgeloopError("bad_trial", `trial.index must be a whole number ≥ 0, got ${trial.index}`);
  }
}

/** Throws unless `by` is a whole number, the only step counters take. */
export function checkCounterStep(by: number): void {
  if (!Number.isSafeInteger(by)) {
    throw new JudgeloopError("bad_counter_step", `a counter moves by whole numbers, got ${by}`);
  }
}

/** Orders trials by stage, then index: the order `listTrials` returns. */
export function compareTrials(a: TrialRecord, b: TrialRecord): number {
  if (a.stage !== b.stage) return a.stage < b.stage ? -1 : 1;
  return a.index - b.index;
}

/**
 * True when `run` comes after `position` in the listing order (see `compareRunsNewestFirst`);
 * every position when there is none.
 *
 * @example
 * runs.filter((run) => listedAfter(run, { createdAt: page.at(-1).createdAt, id: page.at(-1).id }));
 */
export function listedAfter(run: Pick<RunRecord, "createdAt" | "id">, position: RunPosition | undefined): boolean {
  if (position === undefined) return true;
  return compareRunsNewestFirst(run as RunRecord, position as RunRecord) > 0;
}

/** Orders runs newest first by `createdAt`, ties broken by id: the order `listRuns` returns. */
export function compareRunsNewestFirst(a: RunRecord, b: RunRecord): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
