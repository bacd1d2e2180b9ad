import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  createPipelineRun,
  estimateStoredDataRun,
  executeRun,
  JudgeloopError,
  planStoredDataRun,
  type RunInput,
  type StageName,
  type StoredDataConfig,
  storedDataRunInput,
} from "@judgeloop/core";
import type { ProviderEnv } from "../lm-factory.ts";
import { openLocalRuntime, runDirectory } from "./local-runtime.ts";
import { engineDepsFor } from "./pipeline.ts";

/** A run's caps as the API gives them. */
type RunBudget = { capUsd: number; maxCalls?: number; fitBudget?: boolean };

export interface LocalRunServiceOptions {
  home: string;
  env: ProviderEnv;
  /** Told when a background run ends badly (the HTTP caller has long gone). */
  onError?: (runId: string, error: unknown) => void;
}

/**
 * The run engine behind the HTTP API on one machine (the API's `RunService`): `start` stores
 * the run and drives it in this process in the background, `cancel` aborts it, `report`
 * serves its HTML. The config's `data.dataset` is a dataset uploaded through the API.
 *
 * @example
 * const runs = new LocalRunService({ home, env: providerEnv(process.env) });
 * const app = createApp({ runStore, artifacts, runs, token });
 */
export class LocalRunService {
  private readonly options: LocalRunServiceOptions;
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();

  constructor(options: LocalRunServiceOptions) {
    this.options = options;
  }

  async start(input: { runId: string; config: StoredDataConfig; budget: RunBudget; endAfter?: StageName }) {
    const runInput = await this.plannedInput(input.config, input.budget, endAfterOf(input));
    const runtime = openLocalRuntime(this.options.home);
    try {
      const existing = await runtime.stores.runs.getRun(input.runId);
      if (!existing)
        await createPipelineRun(runtime.stores.runs, {
          runId: input.runId,
          input: runInput,
          now: new Date().toISOString(),
        });
    } finally {
      runtime.close();
    }
    if (!this.active.has(input.runId)) this.drive(input.runId, runInput);
    return { runId: input.runId };
  }

  async estimate(config: StoredDataConfig, budget?: RunBudget, options: { endAfter?: StageName } = {}) {
    const input = this.inputOf(config, budget, options);
    const runtime = openLocalRuntime(this.options.home);
    try {
      return await estimateStoredDataRun(input, runtime.artifacts, config.data.dataset);
    } finally {
      runtime.close();
    }
  }

  async cancel(runId: string): Promise<void> {
    const active = this.active.get(runId);
    if (active) {
      active.controller.abort();
      await active.done;
      return;
    }
    const runtime = openLocalRuntime(this.options.home);
    try {
      await runtime.stores.runs.updateRun(
        runId,
        { status: "cancelled", finishedAt: new Date().toISOString() },
        { status: ["queued", "running"] },
      );
    } finally {
      runtime.close();
    }
  }

  async report(runId: string): Promise<string | undefined> {
    return readFile(join(runDirectory(this.options.home, runId), "report.html"), "utf8").catch(() => undefined);
  }

  /** Program versions are kept by the nightly registry, which the local engine does not run. */
  async programVersions(): Promise<null> {
    return null;
  }

  async promote(name: string): Promise<never> {
    throw new JudgeloopError("program_not_found", `no program ${name}: the local engine keeps no program registry`);
  }

  /** Settles once every run this service started has ended. */
  async idle(): Promise<void> {
    await Promise.all([...this.active.values()].map((run) => run.done));
  }

  private inputOf(
    config: StoredDataConfig,
    budget: RunBudget | undefined,
    options: { endAfter?: StageName } = {},
  ): RunInput {
    return storedDataRunInput(config, budget, this.options.env, options);
  }

  /** The input a run starts with: with `fitBudget`, its sizes scaled to fit the cap. */
  private async plannedInput(
    config: StoredDataConfig,
    budget: RunBudget,
    options: { endAfter?: StageName },
  ): Promise<RunInput> {
    const input = this.inputOf(config, budget, options);
    if (budget.fitBudget !== true) return input;
    const runtime = openLocalRuntime(this.options.home);
    try {
      return (await planStoredDataRun(input, runtime.artifacts, config.data.dataset)).input;
    } finally {
      runtime.close();
    }
  }

  private drive(runId: string, input: RunInput): void {
    const controller = new AbortController();
    const done = (async () => {
      const runtime = openLocalRuntime(this.options.home);
      try {
        await executeRun(
          runId,
          engineDepsFor(runtime, runId, input, {
            home: this.options.home,
            env: this.options.env,
            signal: controller.signal,
          }),
        );
      } catch (error) {
        this.options.onError?.(runId, error);
      } finally {
        runtime.close();
        this.active.delete(runId);
      }
    })();
    this.active.set(runId, { controller, done });
  }
}

function endAfterOf(input: { endAfter?: StageName }): { endAfter?: StageName } {
  return input.endAfter === undefined ? {} : { endAfter: input.endAfter };
}
