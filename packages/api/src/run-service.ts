import type { JudgeloopConfig, StageName, SynthesizeConfig } from "@judgeloop/core";

/**
 * A pipeline config as the HTTP API accepts it: the config file's sections, except that `data`
 * names a dataset uploaded through `POST /v1/datasets` instead of a path (its conversations,
 * or with `data.synthesize` the seed questions the run writes them from). A remote caller can
 * never make the server read a file of its choosing.
 *
 * @example
 * const config: ApiRunConfig = { data: { dataset: "3f2a…" }, prepare: { seed: 7, ... }, models: {} };
 */
export type ApiRunConfig = Omit<JudgeloopConfig, "data"> & {
  data: { dataset: string; synthesize?: Omit<SynthesizeConfig, "seeds"> };
};

/** The hard caps of one run: it never commits more dollars (or calls) than this. */
export interface RunBudget {
  capUsd: number;
  maxCalls?: number;
  /** Above the cap, scale the optimizers' sizes and the compare sample down to fit instead of refusing. */
  fitBudget?: boolean;
}

/**
 * What `RunService.start` gets. The caller names the run (the API derives the id from the
 * Idempotency-Key), which is what makes starting idempotent, as with `WorkflowDriver.start`.
 */
export interface StartRunInput {
  runId: string;
  config: ApiRunConfig;
  budget: RunBudget;
  /** The run ends after this stage (POST /v1/synthesize: `prepare`); default: every stage. */
  endAfter?: StageName;
}

/** How a run is estimated besides its config and caps: where it ends, as `start` will run it. */
export interface RunEstimateOptions {
  endAfter?: StageName;
}

/** Worst-case calls and dollars of a run before it starts; `costUsd` is null when a model has no known price. */
export interface RunEstimate {
  calls: number;
  costUsd: number | null;
  /** Models without a price, so the caller can say which ones to add. */
  unpricedModels?: string[];
  /** Calls and dollars per stage, in stage order (what a refusal shows). */
  stages?: { stage: string; calls: number; costUsd: number | null }[];
  /** With `budget.fitBudget`: what was scaled, by config path, so the run fits its cap. */
  budgetFit?: {
    estimate: { from: number; to: number; unit: "usd" | "calls" };
    scaled: Record<string, { from: number; to: number }>;
    headroomUsd: number;
  };
}

/** One saved version of a named program (the optimized prompt of a watched program). */
export interface ProgramVersion {
  version: string;
  createdAt: string;
  /** The run that produced it. */
  runId?: string;
  /** Its score on the holdout when it was made; null when it could not be scored. */
  score?: number | null;
  champion: boolean;
}

export interface ProgramVersions {
  name: string;
  /** The version in service; null before any promotion. */
  champion: string | null;
  /** Oldest first. */
  versions: ProgramVersion[];
}

export interface PromoteResult {
  name: string;
  champion: string;
  /** The champion it replaced; null when there was none. */
  previous: string | null;
}

/**
 * The use cases behind the HTTP API's run and program routes. The local runtime implements it
 * with the embedded run engine, AWS with Step Functions; the API only translates HTTP to these
 * calls. Reads of runs and trials go straight to the RunStore, so they are not here.
 *
 * Contract (the API relies on every point):
 * - `start` creates the run record in the RunStore under `input.runId` (status `queued` or
 *   further) before it resolves, and returns promptly: the run goes on in the background. If a
 *   run with that id exists, it starts nothing and resolves with the same id (a retried request
 *   must not start a second run).
 * - `estimate` is pure and quick: no LM call, nothing stored. Given the budget, it estimates the
 *   run as `start` would run it (with `fitBudget`, scaled to fit when it can be).
 * - `cancel` asks a running run to stop; the run ends as `cancelled` once its workers notice.
 * - `report` resolves with the run's self-contained HTML report, or undefined while there is none.
 * - `programVersions` resolves with null for an unknown program; `promote` throws JudgeloopError
 *   `program_not_found` or `program_version_not_found` for an unknown name or version.
 * - Errors are JudgeloopErrors with stable codes (`*_not_found` → 404, `bad_*` → 400); their
 *   messages are shown to the caller, so they must not hold prompts, keys or request bodies.
 *
 * @example
 * const app = createApp({ runStore, artifacts, runs: myRunService, token });
 * await myRunService.start({ runId: "run-1", config, budget: { capUsd: 2 } }); // { runId: "run-1" }
 */
export interface RunService {
  start(input: StartRunInput): Promise<{ runId: string }>;
  estimate(config: ApiRunConfig, budget?: RunBudget, options?: RunEstimateOptions): Promise<RunEstimate>;
  cancel(runId: string): Promise<void>;
  report(runId: string): Promise<string | undefined>;
  programVersions(name: string): Promise<ProgramVersions | null>;
  promote(name: string, version: string): Promise<PromoteResult>;
}
