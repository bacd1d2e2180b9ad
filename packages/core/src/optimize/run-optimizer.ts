import { JudgeloopError } from "../errors.ts";
import type { Metric } from "../evaluate/types.ts";
import { addUsage, emptyUsage, type LM, wrapLM } from "../lm/types.ts";
import type { LMResolver } from "../module/call-options.ts";
import type { Example } from "../module/example.ts";
import type { Predictors, Program } from "../module/program.ts";
import type { Tracer } from "../tracing/tracer.ts";
import { BootstrapFewShot } from "./bootstrap-few-shot.ts";
import { BootstrapFewShotWithRandomSearch } from "./bootstrap-few-shot-with-random-search.ts";
import { gepaInProcess } from "./gepa-in-process.ts";
import type { GepaOptions } from "./gepa-plan.ts";
import type { GepaState } from "./gepa-state.ts";
import { optimizeInProcess } from "./in-process-driver.ts";
import type { MiproState, MiproStoppedReason, Spend } from "./mipro-state.ts";
import type { AutoPreset, MiproOptions } from "./plan-types.ts";

/**
 * The optimizers `--optimizer` names (the run config's `optimizer.kind` takes mipro and gepa).
 * `bootstrap-gepa` is GEPA started from BootstrapFewShot's demos: GEPA evolves instructions
 * only, so demos it cannot find itself come from a bootstrap first.
 */
export const optimizerKinds = ["mipro", "gepa", "bootstrap", "bootstrap-gepa"] as const;
export type OptimizerKind = (typeof optimizerKinds)[number];

/** Random-search candidates per preset for `bootstrap` (MIPRO's demo-set counts). */
const bootstrapCandidates: Record<AutoPreset, number> = { light: 6, medium: 12, heavy: 18 };

export interface RunOptimizerOptions<P extends Predictors> {
  kind: OptimizerKind;
  program: Program<P>;
  trainset: readonly Example[];
  valset?: readonly Example[];
  metric: Metric;
  lm?: LM;
  resolveLM?: LMResolver;
  /** Writes MIPRO's proposals and GEPA's reflections. */
  proposerLM: LM;
  /** MIPRO's options; `auto`, `seed` and `budget` also size GEPA and bootstrap when theirs are absent. */
  mipro?: MiproOptions;
  gepa?: GepaOptions;
  concurrency?: number;
  signal?: AbortSignal;
  onCheckpoint?: (state: MiproState | GepaState) => void | Promise<void>;
  /** "phase: detail" lines as the run goes. */
  onProgress?: (line: string, spend: Spend) => void;
  /** Records MIPRO's trials as spans (the LMs given trace their own calls). */
  tracer?: Tracer;
}

/** What any optimizer returns, in one shape. */
export interface OptimizerRunResult<P extends Predictors> {
  kind: OptimizerKind;
  program: Program<P>;
  baselineScore: number | null;
  bestScore: number | null;
  /** MIPRO trials, GEPA iterations, bootstrap candidates. */
  trials: number;
  /** GEPA's pick and the baseline re-measured on a split not used for selection. */
  confirm: { n: number; baselineScore: number | null; bestScore: number | null } | null;
  spend: Spend;
  state: MiproState | GepaState | null;
  stoppedReason?: MiproStoppedReason;
  stoppedMessage?: string;
}

/**
 * Runs the named optimizer in this process and returns its result in one shape.
 *
 * @example
 * const { program, bestScore } = await runOptimizer({ kind: "gepa", program, trainset, metric, proposerLM });
 */
export async function runOptimizer<P extends Predictors>(
  options: RunOptimizerOptions<P>,
): Promise<OptimizerRunResult<P>> {
  const common = {
    program: options.program,
    trainset: options.trainset,
    ...(options.valset && { valset: options.valset }),
    metric: options.metric,
    proposerLM: options.proposerLM,
    ...(options.lm && { lm: options.lm }),
    ...(options.resolveLM && { resolveLM: options.resolveLM }),
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    ...(options.signal && { signal: options.signal }),
  };
  const mipro = options.mipro ?? {};
  if (options.kind === "mipro") {
    const run = await optimizeInProcess({
      ...common,
      options: mipro,
      ...(options.tracer && { tracer: options.tracer }),
      ...(options.onCheckpoint && { onCheckpoint: options.onCheckpoint }),
      onProgress: (p) =>
        options.onProgress?.(`${p.phase}: trial ${p.trial}/${p.trials}, best ${fmt(p.bestScore)}`, p.spend),
    });
    return { kind: "mipro", ...run, confirm: null, state: run.state };
  }
  if (options.kind === "gepa") return runGepa(options, options.program, mipro, common);
  if (options.kind === "bootstrap-gepa") {
    // The bootstrap's calls come out of the same call budget GEPA is sized to.
    const spend = emptySpend();
    const demos = await new BootstrapFewShot({
      metric: options.metric,
      maxBootstrappedDemos: mipro.maxBootstrappedDemos ?? 4,
      maxLabeledDemos: mipro.maxLabeledDemos ?? 4,
      ...(mipro.seed !== undefined && { seed: mipro.seed }),
      ...(options.lm && { lm: countedLM(options.lm, spend) }),
      ...(options.resolveLM && { resolveLM: countedResolver(options.resolveLM, spend) }),
      ...(options.signal && { signal: options.signal }),
    }).compile(options.program.clone(), options.trainset);
    const maxCalls = mipro.budget?.maxCalls;
    const budget =
      mipro.budget && maxCalls !== undefined
        ? { ...mipro.budget, maxCalls: Math.max(1, maxCalls - spend.calls) }
        : mipro.budget;
    const run = await runGepa(options, demos, { ...mipro, ...(budget && { budget }) }, common);
    return { ...run, kind: "bootstrap-gepa", spend: addSpend(run.spend, spend) };
  }
  if (options.kind === "bootstrap") return runBootstrap(options, mipro);
  throw new JudgeloopError("bad_options", `unknown optimizer "${String(options.kind)}" (${optimizerKinds.join(", ")})`);
}

/** GEPA from `program` (the baseline, or one with bootstrapped demos), sized by MIPRO's preset, seed and budget unless `options.gepa` says otherwise. */
async function runGepa<P extends Predictors>(
  options: RunOptimizerOptions<P>,
  program: Program<P>,
  mipro: MiproOptions,
  common: Omit<Parameters<typeof gepaInProcess<P>>[0], "options">,
): Promise<OptimizerRunResult<P>> {
  const gepa: GepaOptions = {
    ...(mipro.auto !== undefined && { auto: mipro.auto }),
    ...(mipro.seed !== undefined && { seed: mipro.seed }),
    ...(mipro.budget && { budget: mipro.budget }),
    ...(mipro.confirmFraction !== undefined && { confirmFraction: mipro.confirmFraction }),
    ...(mipro.estimate?.metricCallsPerExample !== undefined && {
      metricCallsPerExample: mipro.estimate.metricCallsPerExample,
    }),
    ...options.gepa,
  };
  const run = await gepaInProcess({
    ...common,
    program,
    options: gepa,
    ...(options.onCheckpoint && { onCheckpoint: options.onCheckpoint }),
    onProgress: (p) =>
      options.onProgress?.(
        `${p.phase}: ${p.metricCalls}/${p.maxMetricCalls} metric calls, ${p.candidates} candidates, best ${fmt(p.bestScore)}`,
        p.spend,
      ),
  });
  return { kind: "gepa", ...run, trials: run.state.iterations };
}

/** BootstrapFewShotWithRandomSearch, with its LM use counted (it keeps no state of its own). */
async function runBootstrap<P extends Predictors>(
  options: RunOptimizerOptions<P>,
  mipro: MiproOptions,
): Promise<OptimizerRunResult<P>> {
  const spend = emptySpend();
  const search = new BootstrapFewShotWithRandomSearch({
    metric: options.metric,
    numCandidatePrograms: bootstrapCandidates[mipro.auto ?? "light"],
    ...(mipro.seed !== undefined && { seed: mipro.seed }),
    ...(options.lm && { lm: countedLM(options.lm, spend) }),
    ...(options.resolveLM && { resolveLM: countedResolver(options.resolveLM, spend) }),
    ...(options.signal && { signal: options.signal }),
  });
  const baseline = options.program.clone();
  const run = await search.compile(baseline, options.trainset, options.valset ?? options.trainset);
  const zeroShot = run.candidates.find((c) => c.kind === "zero_shot");
  return {
    kind: "bootstrap",
    program: run.program,
    baselineScore: zeroShot?.score ?? null,
    bestScore: run.score,
    trials: run.candidates.length,
    confirm: null,
    spend,
    state: null,
  };
}

function emptySpend(): Spend {
  return { calls: 0, usage: emptyUsage(), costUsd: 0 };
}

/** `lm`, adding each call's usage to `spend` (for optimizers that keep no state of their own). */
function countedLM(lm: LM, spend: Spend): LM {
  return wrapLM(lm, async (request) => {
    const response = await lm.call(request);
    spend.calls += 1;
    spend.usage = addUsage(spend.usage, response.usage);
    spend.costUsd = spend.costUsd === null || response.costUsd === undefined ? null : spend.costUsd + response.costUsd;
    return response;
  });
}

function countedResolver(resolve: LMResolver, spend: Spend): LMResolver {
  return (model: string) => countedLM(resolve(model), spend);
}

function addSpend(a: Spend, b: Spend): Spend {
  return {
    calls: a.calls + b.calls,
    usage: addUsage(a.usage, b.usage),
    costUsd: a.costUsd === null || b.costUsd === null ? null : a.costUsd + b.costUsd,
  };
}

function fmt(value: number | null): string {
  return value === null ? "n/a" : value.toFixed(3);
}
