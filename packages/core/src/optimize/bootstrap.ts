import type { ProgramState } from "../module/state.ts";
import type { Random } from "../util/random.ts";
import { demoSetKinds } from "./demo-set-kinds.ts";
import { assembleDemos, labeledDemo, sampleLabeledDemos } from "./demo-sets.ts";
import { jobId, type MiproJobSpec } from "./mipro-jobs.ts";
import type { DemoSet, DemoSetKind, DemoSetSpec, MiproState, TraceOutcome } from "./mipro-state.ts";
import { withPrompts } from "./program-prompts.ts";
import type { TraceStep } from "./trace.ts";

/** Pass rate assumed before any trace has come back: how far ahead to request traces. */
const initialPassRate = 0.5;
const lowestPassRate = 0.2;

/**
 * Starts the bootstrap phase: draws the demo-set candidates (baseline, labeled-only,
 * unshuffled, shuffled bootstraps of random size) and the teacher's labelled demos, and returns
 * the first trace jobs plus the dataset summary job, which needs nothing else and so runs
 * alongside.
 *
 * @example
 * const specs = startBootstrap(draft, rng);
 */
export function startBootstrap(state: MiproState, rng: Random): MiproJobSpec[] {
  const config = state.plan.config;
  const indices = state.trainset.map((_, i) => i);
  const values = state.trainset.map((e) => e.values);
  state.bootstrap.sets = demoSetKinds(config).map((kind): DemoSetSpec => {
    if (kind === "labeled")
      return { kind, order: [], size: 0, labeled: sampleLabeledDemos(values, config.maxLabeledDemos, rng) };
    if (kind === "unshuffled") return { kind, order: indices, size: config.maxBootstrappedDemos };
    if (kind === "shuffled") {
      return { kind, order: rng.shuffle(indices), size: rng.intBetween(1, config.maxBootstrappedDemos) };
    }
    return { kind, order: [], size: 0 };
  });
  // DSPy's BootstrapFewShot compiles its teacher with LabeledFewShot(k = max_labeled_demos) first.
  // One teacher serves every demo set, so a trace of one example is shared by all sets that need it.
  // Only labelled examples teach: a trainset without labels (a generator whose metric is a judge)
  // would give demos of inputs with no output, so its teacher is the baseline as it is.
  const labelled = indices.filter((i) => hasLabel(state, state.trainset[i]?.values ?? {}));
  if (
    config.teacher === "labeled" &&
    config.maxLabeledDemos > 0 &&
    config.maxBootstrappedDemos > 0 &&
    labelled.length > 0
  ) {
    state.bootstrap.teacherDemos = rng.sample(labelled, Math.min(config.maxLabeledDemos, labelled.length));
  }
  const summarize: MiproJobSpec = { id: jobId(state.runId, "summarize", "-", "-"), kind: "summarize" };
  return [summarize, ...bootstrapJobs(state)];
}

/** Whether an example carries a value for an output field of some predictor (a label to teach with). */
function hasLabel(state: MiproState, values: Record<string, unknown>): boolean {
  return state.predictors.some((name) =>
    (state.baseline.predictors[name]?.signature.outputs ?? []).some(
      (field) => values[field.name] !== undefined && values[field.name] !== null,
    ),
  );
}

/**
 * The program that traces trainset example `exampleIndex`: the baseline with the teacher's
 * labelled demos on every predictor, leaving out the example itself (as DSPy's BootstrapFewShot
 * does), or the baseline as it is when the run has no teacher demos.
 *
 * @example
 * teacherProgram(state, 12).predictors.judge.demos.length; // 4, or 3 when #12 is a teacher demo
 */
export function teacherProgram(state: MiproState, exampleIndex: number): ProgramState {
  const indices = state.bootstrap.teacherDemos ?? [];
  if (indices.length === 0) return state.baseline;
  const demos = indices.filter((i) => i !== exampleIndex).map((i) => labeledDemo(state.trainset[i]?.values ?? {}));
  const prompts = Object.fromEntries(
    state.predictors.map((name) => [
      name,
      { instructions: state.baseline.predictors[name]?.signature.instructions ?? "", demos },
    ]),
  );
  return withPrompts(state.baseline, prompts);
}

/**
 * The trace jobs still needed: for every bootstrap candidate, walk its order until enough
 * traces have passed (counting pending ones at the observed pass rate). Empty once every
 * candidate is complete or its examples and rounds are exhausted.
 *
 * @example
 * const more = bootstrapJobs(draft); // [] → finishBootstrap(draft)
 */
export function bootstrapJobs(state: MiproState): MiproJobSpec[] {
  const rate = passRate(state);
  const keys = new Set<string>();
  for (const set of state.bootstrap.sets) for (const key of walk(state, set, rate).missing) keys.add(key);
  return [...keys].map((key) => {
    const [index = 0, round = 0] = key.split(":").map(Number);
    const example = state.trainset[index]?.id ?? String(index);
    return {
      id: jobId(state.runId, "bootstrap", `round-${round}`, example),
      kind: "trace",
      exampleIndex: index,
      round,
    };
  });
}

/**
 * Turns the finished traces into demo sets per predictor (bootstrapped demos topped up with
 * labeled ones, as BootstrapFewShot does).
 *
 * @example
 * finishBootstrap(draft); draft.demoSets.judge.length; // numDemoCandidates
 */
export function finishBootstrap(state: MiproState): void {
  const config = state.plan.config;
  const sets = state.bootstrap.sets.map((set) => demoSetOf(state, set, config.maxLabeledDemos));
  state.demoSets = Object.fromEntries(
    state.predictors.map((name) => [name, sets.map((set) => ({ kind: set.kind, demos: set.demos[name] ?? [] }))]),
  );
}

/**
 * The teacher's mean score over its first-round traces (the original instruction, with the
 * teacher's labelled demos when it has them): what the proposer is told the original instruction
 * scored. Null when no trace was scored.
 *
 * @example
 * baselineTraceScore(state); // 0.55
 */
export function baselineTraceScore(state: MiproState): number | null {
  const scores = Object.entries(state.bootstrap.traces)
    .filter(([key, t]) => key.endsWith(":0") && t.status === "scored" && t.score !== null)
    .map(([, t]) => t.score ?? 0);
  return scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length;
}

/**
 * Records a trace result; only passing traces keep their steps, so the state stays small.
 *
 * @example
 * recordTrace(draft, "12:0", { status: "scored", score: 1, steps });
 */
export function recordTrace(state: MiproState, key: string, outcome: TraceOutcome): void {
  const passed = isPass(outcome, state.plan.config.metricThreshold);
  state.bootstrap.traces[key] = { ...outcome, steps: passed ? outcome.steps : null };
}

function demoSetOf(
  state: MiproState,
  set: DemoSetSpec,
  maxLabeled: number,
): { kind: DemoSetKind; demos: Record<string, DemoSet["demos"]> } {
  if (set.kind === "baseline") {
    const demos = Object.fromEntries(
      state.predictors.map((n) => [n, structuredClone(state.baseline.predictors[n]?.demos ?? [])]),
    );
    return { kind: set.kind, demos };
  }
  if (set.kind === "labeled") {
    return {
      kind: set.kind,
      demos: Object.fromEntries(state.predictors.map((n) => [n, structuredClone(set.labeled ?? [])])),
    };
  }
  const { selected } = walk(state, set, 1);
  const chosen = new Set(selected.map((s) => s.index));
  const labeled = set.order.filter((i) => !chosen.has(i)).map((i) => labeledDemo(state.trainset[i]?.values ?? {}));
  const limits = { maxBootstrappedDemos: set.size, maxLabeledDemos: maxLabeled };
  return {
    kind: set.kind,
    demos: assembleDemos(
      state.predictors,
      selected.map((s) => s.steps),
      labeled,
      limits,
    ),
  };
}

interface Walk {
  selected: { index: number; steps: TraceStep[] }[];
  missing: string[];
}

/**
 * Walks one candidate's order round by round, as BootstrapFewShot would, collecting passing
 * traces. An example is retried in a later round only once its earlier trace is known to have
 * failed; unknown traces count as `rate` of a pass, so several are requested at once.
 */
function walk(state: MiproState, set: DemoSetSpec, rate: number): Walk {
  const result: Walk = { selected: [], missing: [] };
  if (set.kind !== "unshuffled" && set.kind !== "shuffled") return result;
  const { maxRounds, metricThreshold } = state.plan.config;
  const chosen = new Set<number>();
  let expected = 0;
  for (let round = 0; round < maxRounds; round++) {
    for (const index of set.order) {
      if (result.selected.length + expected >= set.size) return result;
      if (chosen.has(index)) continue;
      if (round > 0 && state.bootstrap.traces[`${index}:${round - 1}`] === undefined) continue;
      const key = `${index}:${round}`;
      const trace = state.bootstrap.traces[key];
      if (trace === undefined) {
        result.missing.push(key);
        expected += rate;
      } else if (isPass(trace, metricThreshold) && trace.steps) {
        result.selected.push({ index, steps: trace.steps });
        chosen.add(index);
      }
    }
  }
  return result;
}

function passRate(state: MiproState): number {
  const traces = Object.values(state.bootstrap.traces);
  if (traces.length === 0) return initialPassRate;
  const passed = traces.filter((t) => isPass(t, state.plan.config.metricThreshold)).length;
  return Math.min(1, Math.max(lowestPassRate, passed / traces.length));
}

function isPass(trace: Pick<TraceOutcome, "status" | "score">, threshold: number): boolean {
  return trace.status === "scored" && trace.score !== null && trace.score >= threshold;
}
