import type { Demo } from "../module/state.ts";
import type { Random } from "../util/random.ts";
import { demoFromStep, type TraceStep } from "./trace.ts";

/** Limits on the demos one predictor gets. */
export interface DemoLimits {
  /** Demos taken from successful traces. */
  maxBootstrappedDemos: number;
  /** Total demos after topping up with labeled examples (DSPy's `max_labeled_demos`). */
  maxLabeledDemos: number;
}

/**
 * Demos per predictor, as DSPy's BootstrapFewShot builds them: the predictor's calls from
 * successful traces (in order, at most `maxBootstrappedDemos`), then labeled examples until the
 * predictor has `maxLabeledDemos` demos in all.
 *
 * @example
 * assembleDemos(["judge"], [trace], [labeledDemo], { maxBootstrappedDemos: 4, maxLabeledDemos: 4 });
 * // { judge: [traceDemo, labeledDemo] }
 */
export function assembleDemos(
  predictorNames: readonly string[],
  traces: readonly (readonly TraceStep[])[],
  labeled: readonly Demo[],
  limits: DemoLimits,
): Record<string, Demo[]> {
  const demos: Record<string, Demo[]> = {};
  for (const name of predictorNames) {
    const steps = traces.flatMap((trace) => trace.filter((step) => step.predictor === name));
    const augmented = steps.slice(0, limits.maxBootstrappedDemos).map(demoFromStep);
    const topUp = Math.max(0, Math.min(limits.maxLabeledDemos - augmented.length, labeled.length));
    demos[name] = [...augmented, ...structuredClone(labeled.slice(0, topUp))];
  }
  return demos;
}

/**
 * A labeled demo: every value of the example (inputs and labels), as in DSPy's LabeledFewShot.
 *
 * @example
 * labeledDemo({ transcript: "Customer: hi\nSupport: hello", satisfied: true });
 */
export function labeledDemo(values: Record<string, unknown>): Demo {
  return structuredClone(values);
}

/**
 * `k` labeled demos drawn from `values`: a seeded sample, or the first `k` without `rng`.
 *
 * @example
 * sampleLabeledDemos(trainset.map((e) => e.toRecord()), 4, new Random("seed"));
 */
export function sampleLabeledDemos(values: readonly Record<string, unknown>[], k: number, rng?: Random): Demo[] {
  const chosen = rng ? rng.sample(values, k) : values.slice(0, Math.max(0, k));
  return chosen.map(labeledDemo);
}
