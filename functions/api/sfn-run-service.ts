import {
  ApiError,
  type ApiRunConfig,
  type ProgramVersions,
  type PromoteResult,
  type RunEstimate,
  type RunService,
  type StartRunInput,
} from "@judgeloop/api";
import type { WorkflowDriver } from "@judgeloop/core";
import { type ArtifactStore, getText, newRunRecord, type RunStore } from "@judgeloop/core";
import type { S3ProgramRegistry } from "../programs/s3-program-registry.ts";

export interface SfnRunServiceDeps {
  runStore: RunStore;
  artifacts: ArtifactStore;
  driver: () => WorkflowDriver;
  programs: S3ProgramRegistry;
  now: () => Date;
}

/**
 * The API's RunService on AWS: a run is a Step Functions execution of the optimizer state
 * machine, named after the run (so a retried start starts nothing twice); cancelling stops
 * the execution; reports and program versions are read from S3.
 *
 * The state machine runs optimize runs (a saved program, its examples, a metric). The
 * pipeline's other stages (prepare, label, judge alignment, gate, compare, report) run
 * locally only so far, so `estimate` of a pipeline config answers 501 and POST /v1/runs
 * starts nothing on AWS.
 *
 * @example
 * const runs = new SfnRunService({ runStore, artifacts, driver: () => deps.driver(), programs, now });
 */
export class SfnRunService implements RunService {
  private readonly deps: SfnRunServiceDeps;

  constructor(deps: SfnRunServiceDeps) {
    this.deps = deps;
  }

  async start(input: StartRunInput): Promise<{ runId: string }> {
    const { runId, config, budget } = input;
    const record = newRunRecord({
      id: runId,
      kind: "pipeline",
      input: { config, budget },
      now: this.deps.now().toISOString(),
      capUsd: budget.capUsd,
      ...(budget.maxCalls !== undefined && { maxCalls: budget.maxCalls }),
    });
    await this.deps.runStore.createRun(record);
    await this.deps.driver().start(runId, { runId });
    return { runId };
  }

  async estimate(_config: ApiRunConfig): Promise<RunEstimate> {
    throw new ApiError(
      501,
      "pipeline_not_on_aws",
      "this deployment runs optimize runs (started by the nightly model watch); run the pipeline with `judgeloop pipeline`",
    );
  }

  async cancel(runId: string): Promise<void> {
    await this.deps.driver().cancel(runId);
    const now = this.deps.now().toISOString();
    await this.deps.runStore.updateRun(
      runId,
      { status: "cancelled", updatedAt: now, finishedAt: now },
      { status: ["queued", "running"] },
    );
  }

  async report(runId: string): Promise<string | undefined> {
    return (await getText(this.deps.artifacts, `runs/${runId}/report.html`)) ?? undefined;
  }

  programVersions(name: string): Promise<ProgramVersions | null> {
    return this.deps.programs.versions(name);
  }

  promote(name: string, version: string): Promise<PromoteResult> {
    return this.deps.programs.promote(name, version);
  }
}
