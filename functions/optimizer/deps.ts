import type { ArtifactStore, JobQueue, MiproJobContext, RunStore } from "@judgeloop/core";
import type { StageJobContext } from "../pipeline/stage-job-context.ts";
import type { RoundWaitDeps } from "./round-wait.ts";

/** Sends a `.waitForTaskToken` callback; SfnTaskTokens is the AWS one (duplicates tolerated). */
export interface TaskTokenSender {
  sendSuccess(taskToken: string, output: unknown): Promise<{ sent: boolean }>;
}

/** What the optimizer's steps and the worker run with; functions/compose.ts builds it from AWS. */
export interface OptimizerDeps extends RoundWaitDeps {
  artifacts: ArtifactStore;
  runStore: RunStore;
  /** The job queue at `queueUrl` (the state machine names it), or the linked one. */
  queueFor(queueUrl?: string): JobQueue;
  tokens: TaskTokenSender;
  /** The queue's redrive bound: a job failing its receive number `maxReceives` is dead-lettered. */
  maxReceives: number;
  now: () => Date;
}

/** The worker's deps: also how to run a run's jobs (its program, metric and LMs). */
export interface WorkerDeps extends OptimizerDeps {
  jobContext(runId: string): Promise<MiproJobContext>;
  /** How to run a pipeline run's stage jobs (its LMs and stored passes). */
  stageJobContext(runId: string): Promise<StageJobContext>;
}
