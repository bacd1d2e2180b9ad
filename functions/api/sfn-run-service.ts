import type {
  ApiRunConfig,
  ProgramVersions,
  PromoteResult,
  RunEstimate,
  RunEstimateOptions,
  RunService,
  StartRunInput,
} from "@judgeloop/api";
import {
  type ArtifactStore,
  createPipelineRun,
  estimateStoredDataRun,
  getText,
  type ProviderAccess,
  planStoredDataRun,
  type RunInput,
  type RunStore,
  storedDataRunInput,
  type WorkflowDriver,
} from "@judgeloop/core";
import { pipelineReportKeys } from "../pipeline/aws-run-services.ts";
import { optimizationRunId } from "../pipeline/optimization-runs.ts";
import type { S3ProgramRegistry } from "../programs/s3-program-registry.ts";

export interface SfnRunServiceDeps {
  runStore: RunStore;
  artifacts: ArtifactStore;
  /** Starts and stops executions of the pipeline's state machine. */
  pipeline: () => WorkflowDriver;
  /** Stops executions of the optimizer's state machine (a cancelled run's optimizations). */
  optimizer: () => WorkflowDriver;
  programs: S3ProgramRegistry;
  /** The providers this deployment has keys for; with none, every role runs on the simulator. */
  providers: ProviderAccess;
  now: () => Date;
}

/**
 * The API's RunService on AWS: a run is an execution of the pipeline's state machine, named
 * after the run (so a retried start starts nothing twice). Its data is a dataset uploaded with
 * POST /v1/datasets; its estimate prepares that dataset (no LM call) and prices every stage.
 * Cancelling stops the execution and the optimization it is running; reports and program
 * versions are read from S3.
 *
 * @example
 * const runs = new SfnRunService({ runStore, artifacts, pipeline, optimizer, programs, providers, now });
 */
export class SfnRunService implements RunService {
  private readonly deps: SfnRunServiceDeps;

  constructor(deps: SfnRunServiceDeps) {
    this.deps = deps;
  }

  async start(input: StartRunInput): Promise<{ runId: string }> {
    const { runId } = input;
    if ((await this.deps.runStore.getRun(runId)) === null) {
      const endAfter = input.endAfter === undefined ? {} : { endAfter: input.endAfter };
      const runInput = await this.plannedInput(input.config, input.budget, endAfter);
      const now = this.deps.now().toISOString();
      await createPipelineRun(this.deps.runStore, { runId, input: runInput, now }).catch(async (error: unknown) => {
        // Another request created it first: starting it again below is a no-op.
        if ((await this.deps.runStore.getRun(runId)) === null) throw error;
      });
    }
    await this.deps.pipeline().start(runId, { runId });
    return { runId };
  }

  async estimate(
    config: ApiRunConfig,
    budget?: StartRunInput["budget"],
    options: RunEstimateOptions = {},
  ): Promise<RunEstimate> {
    return estimateStoredDataRun(this.inputOf(config, budget, options), this.deps.artifacts, config.data.dataset);
  }

  async cancel(runId: string): Promise<void> {
    await this.deps.pipeline().cancel(runId);
    const now = this.deps.now().toISOString();
    const patch = { status: "cancelled" as const, updatedAt: now, finishedAt: now };
    const active = { status: ["queued" as const, "running" as const] };
    // Only a stage that is running can be waiting for its optimization.
    const stages = (await this.deps.runStore.getRun(runId))?.stages ?? {};
    const running = Object.entries(stages).filter(([, stage]) => stage.status === "running");
    for (const [stage] of running) {
      const optimization = optimizationRunId(runId, stage);
      const run = await this.deps.runStore.getRun(optimization);
      if (run === null || (run.status !== "queued" && run.status !== "running")) continue;
      await this.deps.optimizer().cancel(optimization);
      await this.deps.runStore.updateRun(optimization, patch, active);
    }
    await this.deps.runStore.updateRun(runId, patch, active);
  }

  async report(runId: string): Promise<string | undefined> {
    return (await getText(this.deps.artifacts, pipelineReportKeys(runId).html)) ?? undefined;
  }

  programVersions(name: string): Promise<ProgramVersions | null> {
    return this.deps.programs.versions(name);
  }

  promote(name: string, version: string): Promise<PromoteResult> {
    return this.deps.programs.promote(name, version);
  }

  private inputOf(
    config: ApiRunConfig,
    budget: StartRunInput["budget"] | undefined,
    options: RunEstimateOptions = {},
  ): RunInput {
    return storedDataRunInput(config, budget, this.deps.providers, options);
  }

  /** The input a run starts with: with `fitBudget`, its sizes scaled to fit the cap. */
  private async plannedInput(
    config: ApiRunConfig,
    budget: StartRunInput["budget"],
    options: RunEstimateOptions,
  ): Promise<RunInput> {
    const input = this.inputOf(config, budget, options);
    if (budget.fitBudget !== true) return input;
    return (await planStoredDataRun(input, this.deps.artifacts, config.data.dataset)).input;
  }
}
