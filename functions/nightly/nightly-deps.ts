import type { ArtifactStore, ListedModel, ModelRegistry, RunStore, WatchedProgram } from "@judgeloop/core";
import type { RunLMFactory } from "../optimizer/job-context.ts";
import type { S3ProgramRegistry } from "../programs/s3-program-registry.ts";

/** What the nightly model watch runs with; functions/nightly.ts builds it from the composition root. */
export interface NightlyDeps {
  registry: ModelRegistry & { watchProgram(program: WatchedProgram): Promise<void> };
  programs: S3ProgramRegistry;
  runStore: RunStore;
  artifacts: ArtifactStore;
  /** Starts the optimizer's execution of a run (named after it, so starting twice starts one). */
  startExecution(runId: string): Promise<void>;
  /** The providers with a key tonight, and how to list each one's models. */
  providers: readonly string[];
  listModels(provider: string): Promise<ListedModel[]>;
  lmFor: RunLMFactory;
  /** Dollars tonight's runs may commit in total, counted at their caps. */
  nightlyBudgetUsd: number;
  /**
   * LM calls in flight at once while re-scoring or comparing: the nightly function's share of
   * the deployment's burst bound (`JUDGELOOP_NIGHTLY_CONCURRENCY`, set by stacks/schedule.ts).
   */
  callConcurrency: number;
  now: () => Date;
  warn(message: string, detail: Record<string, unknown>): void;
}
