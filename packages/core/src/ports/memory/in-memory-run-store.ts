import { JudgeloopError } from "../../errors.ts";
import { copyJson, toJsonText } from "../json.ts";
import {
  applyRunPatch,
  checkCounterStep,
  checkRunId,
  checkStoreKey,
  checkTrial,
  compareRunsNewestFirst,
  compareTrials,
  listedAfter,
  meetsRunCondition,
} from "../run-record.ts";
import type { ListRunsOptions, RunCondition, RunPatch, RunRecord, RunStore, TrialRecord } from "../run-store.ts";

/**
 * A RunStore in Maps, for tests and throwaway runs. Everything goes in and out as JSON copies
 * and every method completes in one synchronous step, so it keeps the same promises as the
 * persistent adapters (atomic counters, at-most-once results) within one process.
 *
 * @example
 * const runs = new InMemoryRunStore();
 * await runs.putResultOnce("run-1", "job-1", { score: 1 }); // { stored: true }
 */
export class InMemoryRunStore implements RunStore {
  private readonly runs = new Map<string, RunRecord>();
  private readonly trials = new Map<string, TrialRecord>();
  private readonly results = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  private readonly counted = new Set<string>();

  async createRun(run: RunRecord): Promise<{ created: boolean; run: RunRecord }> {
    checkRunId(run.id);
    const existing = this.runs.get(run.id);
    if (existing) return { created: false, run: copyJson(existing, `run ${run.id}`) };
    this.runs.set(run.id, copyJson(run, `run ${run.id}`));
    return { created: true, run: copyJson(run, `run ${run.id}`) };
  }

  async getRun(runId: string): Promise<RunRecord | null> {
    checkRunId(runId);
    const run = this.runs.get(runId);
    return run ? copyJson(run, `run ${runId}`) : null;
  }

  async listRuns(options: ListRunsOptions = {}): Promise<RunRecord[]> {
    const limit = options.limit ?? 100;
    return [...this.runs.values()]
      .filter((run) => options.status === undefined || run.status === options.status)
      .filter((run) => listedAfter(run, options.before))
      .sort(compareRunsNewestFirst)
      .slice(0, limit)
      .map((run) => copyJson(run, `run ${run.id}`));
  }

  async updateRun(runId: string, patch: RunPatch, condition?: RunCondition): Promise<RunRecord | null> {
    checkRunId(runId);
    const run = this.runs.get(runId);
    if (!run) throw new JudgeloopError("run_not_found", `run ${runId} does not exist`);
    if (!meetsRunCondition(run, condition)) return null;
    const next = copyJson(applyRunPatch(run, patch), `run ${runId}`);
    this.runs.set(runId, next);
    return copyJson(next, `run ${runId}`);
  }

  async appendTrial(runId: string, trial: TrialRecord): Promise<{ stored: boolean }> {
    checkRunId(runId);
    checkTrial(trial);
    const key = `${runId}\u0000${trial.stage}\u0000${trial.index}`;
    if (this.trials.has(key)) return { stored: false };
    this.trials.set(key, copyJson(trial, `trial ${trial.stage}#${trial.index}`));
    return { stored: true };
  }

  async listTrials(runId: string, options: { stage?: string } = {}): Promise<TrialRecord[]> {
    checkRunId(runId);
    const prefix = `${runId}\u0000${options.stage === undefined ? "" : `${options.stage}\u0000`}`;
    return [...this.trials]
      .filter(([key]) => key.startsWith(prefix))
      .map(([, trial]) => copyJson(trial, "trial"))
      .sort(compareTrials);
  }

  async putResultOnce(runId: string, jobId: string, result: unknown): Promise<{ stored: boolean }> {
    const key = this.jobKey(runId, jobId);
    const text = toJsonText(result, `result of job ${jobId}`);
    if (this.results.has(key)) return { stored: false };
    this.results.set(key, text);
    return { stored: true };
  }

  async getResults(runId: string, jobIds: readonly string[]): Promise<Map<string, unknown>> {
    const found = new Map<string, unknown>();
    for (const jobId of jobIds) {
      const text = this.results.get(this.jobKey(runId, jobId));
      if (text !== undefined) found.set(jobId, JSON.parse(text));
    }
    return found;
  }

  async increment(runId: string, counter: string, by = 1): Promise<number> {
    checkCounterStep(by);
    const key = this.counterKey(runId, counter);
    const value = (this.counters.get(key) ?? 0) + by;
    this.counters.set(key, value);
    return value;
  }

  async countOnce(runId: string, counter: string, memberId: string): Promise<{ counted: boolean; value: number }> {
    checkStoreKey("memberId", memberId);
    const key = this.counterKey(runId, counter);
    const memberKey = `${key}\u0000${memberId}`;
    if (this.counted.has(memberKey)) return { counted: false, value: this.counters.get(key) ?? 0 };
    this.counted.add(memberKey);
    const value = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, value);
    return { counted: true, value };
  }

  async getCounter(runId: string, counter: string): Promise<number> {
    return this.counters.get(this.counterKey(runId, counter)) ?? 0;
  }

  private jobKey(runId: string, jobId: string): string {
    checkRunId(runId);
    checkStoreKey("jobId", jobId);
    return `${runId}\u0000${jobId}`;
  }

  private counterKey(runId: string, counter: string): string {
    checkRunId(runId);
    checkStoreKey("counter", counter);
    return `${runId}\u0000${counter}`;
  }
}
