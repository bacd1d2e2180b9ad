import { randomBytes } from "node:crypto";
import {
  BudgetRefusedError,
  costOf,
  createPipelineRun,
  executeRun,
  JudgeloopError,
  type LM,
  noopTracer,
  pipelineInputOf,
  pricesWith,
  type RunConfig,
  type RunEngineDeps,
  type RunEventSink,
  type RunInput,
  type RunOutcome,
  resolveRoleModels,
  runInputFormat,
  type Usage,
} from "@judgeloop/core";
import { createLMFactory, type ProviderEnv } from "../lm-factory.ts";
import { processTracer } from "../tracing/process-tracing.ts";
import { planPipelineBudget } from "./estimate.ts";
import { type LocalRuntime, openLocalRuntime, runDirectory } from "./local-runtime.ts";
import { optimizeWithDriver } from "./optimize-service.ts";
import { claimRun } from "./run-owner.ts";
import { checkInputFiles, localRunServices } from "./run-services.ts";

export interface PipelineRunOptions {
  /** The judgeloop home: `--out`, `JUDGELOOP_HOME`, or `.judgeloop`. */
  home: string;
  env: ProviderEnv;
  /** Requests per minute for every model (`--limit-rpm`), over the config's limits. */
  limitRpm?: number;
  onEvent?: RunEventSink;
  /** Test support: awaited at named points (`stage:<name>`, `<stage>:trial:<n>`). */
  checkpoint?: (point: string) => Promise<void>;
  now?: () => string;
}

export interface NewPipelineOptions extends PipelineRunOptions {
  config: RunConfig;
  /** The config file, absolute; data paths in the config are relative to it. */
  configFile: string | null;
  force?: boolean;
  replay?: boolean;
  runId?: string;
}

/**
 * A new run id: time-ordered and unique, e.g. `run-20260314-101503-3fa2`.
 *
 * @example
 * newRunId(new Date()); // "run-20260314-101503-3fa2"
 */
export function newRunId(date: Date): string {
  const stamp = date.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `run-${stamp}-${randomBytes(2).toString("hex")}`;
}

/**
 * The input a new pipeline run stores: the config, the models each role resolves to (every
 * role on the simulator when no provider key is set), and the flags.
 *
 * @example
 * const input = pipelineInput({ config, configFile, env, force: false, replay: false });
 */
export function pipelineInput(
  options: Pick<NewPipelineOptions, "config" | "configFile" | "env" | "force" | "replay">,
): RunInput {
  const { models, simulatedFallback } = resolveRoleModels(options.config.models, options.env);
  return {
    format: runInputFormat,
    config: options.config,
    configFile: options.configFile,
    models,
    simulatedFallback,
    force: options.force === true,
    replay: options.replay === true,
  };
}

/**
 * Creates a pipeline run and runs it to its end on this machine.
 *
 * @example
 * const outcome = await startPipeline({ home, env, config, configFile, onEvent: display });
 */
export async function startPipeline(options: NewPipelineOptions): Promise<RunOutcome> {
  const now = options.now ?? (() => new Date().toISOString());
  const runId = options.runId ?? newRunId(new Date());
  const input = await budgetedInput(pipelineInput(options));
  const runtime = openLocalRuntime(options.home);
  try {
    await createPipelineRun(runtime.stores.runs, { runId, input, now: now() });
    return await drive(runtime, runId, input, options);
  } finally {
    runtime.close();
  }
}

/**
 * A run with a cap is checked against it before anything is stored: over it, it is refused
 * (BudgetRefusedError, no LM call), or with `budget.fitBudget` its sizes are scaled to fit.
 */
async function budgetedInput(input: RunInput): Promise<RunInput> {
  await checkInputFiles(input);
  const { capUsd, maxCalls } = input.config.budget;
  if (capUsd === undefined && maxCalls === undefined) return input;
  const plan = await planPipelineBudget(input);
  if (plan.refusal) throw new BudgetRefusedError(plan.refusal);
  return plan.input;
}

/**
 * Continues a pipeline run from where it stopped: finished stages are skipped, an interrupted
 * optimization resumes from its checkpoint, and repeated LM calls are answered by the cache.
 *
 * @example
 * const outcome = await resumePipeline("run-20260314-101503-3fa2", { home, env });
 */
export async function resumePipeline(runId: string, options: PipelineRunOptions): Promise<RunOutcome> {
  const runtime = openLocalRuntime(options.home);
  try {
    const record = await runtime.stores.runs.getRun(runId);
    if (!record)
      throw new JudgeloopError("run_not_found", `no run ${runId} in ${options.home} (see \`judgeloop runs\`)`);
    return await drive(runtime, runId, pipelineInputOf(record), options);
  } finally {
    runtime.close();
  }
}

async function drive(
  runtime: LocalRuntime,
  runId: string,
  input: RunInput,
  options: PipelineRunOptions,
): Promise<RunOutcome> {
  const now = options.now ?? (() => new Date().toISOString());
  await claimRun(runtime.artifacts, runId, now());
  return executeRun(runId, engineDepsFor(runtime, runId, input, options));
}

/**
 * The run engine's dependencies on this machine: the runtime's stores, the LM factory (SQLite
 * cache, budget ledger, limits, prices), file-based services and the workflow driver.
 *
 * @example
 * await executeRun(runId, engineDepsFor(runtime, runId, input, { home, env }));
 */
export function engineDepsFor(
  runtime: LocalRuntime,
  runId: string,
  input: RunInput,
  options: PipelineRunOptions & { signal?: AbortSignal },
): RunEngineDeps {
  const now = options.now ?? (() => new Date().toISOString());
  const { config } = input;
  const prices = pricesWith(config.prices);
  const tracer = processTracer();
  const lmFor = createLMFactory({
    tracer,
    env: options.env,
    prices,
    cache: { store: runtime.stores.cache, mode: input.replay ? "replay" : "read-write" },
    budget: {
      ledger: runtime.stores.ledger,
      runId,
      ...(config.budget.capUsd !== undefined && { capUsd: config.budget.capUsd }),
      ...(config.budget.maxCalls !== undefined && { maxCalls: config.budget.maxCalls }),
    },
    limits: {
      ...(config.limits.tpm !== undefined && { tpm: config.limits.tpm }),
      ...((options.limitRpm ?? config.limits.rpm) !== undefined && { rpm: options.limitRpm ?? config.limits.rpm }),
      models: config.limits.models,
    },
    models: config.modelSettings,
    ...(config.limits.rateLimitDeadlineMs !== undefined && { rateLimitDeadlineMs: config.limits.rateLimitDeadlineMs }),
  });
  return {
    runs: runtime.stores.runs,
    artifacts: runtime.artifacts,
    lmFor: (model: string): LM => lmFor(model),
    costOf: (model: string, usage: Usage) => costOf(model, usage, prices) ?? null,
    services: localRunServices({
      runDir: runDirectory(runtime.home, runId),
      artifacts: runtime.artifacts,
      optimize: (request) =>
        optimizeWithDriver(request, {
          runId,
          home: runtime.home,
          runs: runtime.stores.runs,
          artifacts: runtime.artifacts,
          concurrency: config.limits.concurrency,
          ...(options.checkpoint && { checkpoint: options.checkpoint }),
        }),
    }),
    now,
    ...(tracer !== noopTracer && { tracer }),
    ...(options.onEvent && { onEvent: options.onEvent }),
    ...(options.checkpoint && { checkpoint: options.checkpoint }),
    ...(options.signal && { signal: options.signal }),
  };
}
