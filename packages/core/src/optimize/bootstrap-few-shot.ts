import type { Metric } from "../evaluate/types.ts";
import type { LM } from "../lm/types.ts";
import type { CallOptions, LMResolver } from "../module/call-options.ts";
import type { Example } from "../module/example.ts";
import type { Predictors, Program } from "../module/program.ts";
import { Random } from "../util/random.ts";
import { assembleDemos, labeledDemo } from "./demo-sets.ts";
import { checkCount, checkRatio } from "./options-check.ts";
import { withDemos } from "./program-prompts.ts";
import type { TraceStep } from "./trace.ts";
import { passes, traceExample } from "./trace-example.ts";

export interface BootstrapFewShotOptions {
  metric: Metric;
  /** A trace is kept when its score reaches this; default 1 (a boolean metric said true). */
  metricThreshold?: number;
  /** Demos per predictor taken from successful traces; default 4. */
  maxBootstrappedDemos?: number;
  /** Demos per predictor in all, topped up with labeled examples; default 16. */
  maxLabeledDemos?: number;
  /** Passes over the trainset; later rounds resample at temperature 1 with a new rollout id. Default 1. */
  maxRounds?: number;
  /** The program that produces traces; default the student itself (with its current demos). */
  teacher?: Program;
  /** Shuffles the trainset before tracing (default true), seeded by `seed`. */
  shuffle?: boolean;
  seed?: string | number;
  /** Default LM for predictors not bound to their own. */
  lm?: LM;
  resolveLM?: LMResolver;
  /** Traces in flight at once; default 4. */
  concurrency?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * DSPy's BootstrapFewShot: a teacher runs over the (shuffled) trainset; the calls of every run
 * that passes the metric become demos, until each predictor has `maxBootstrappedDemos`, and
 * labeled examples top the demos up to `maxLabeledDemos`. Runs that fail for infrastructure
 * reasons are skipped, never kept.
 *
 * @example
 * const optimized = await new BootstrapFewShot({ metric: exactMatch("satisfied"), maxBootstrappedDemos: 3 })
 *   .compile(judge, trainset);
 */
export class BootstrapFewShot {
  private readonly options: BootstrapFewShotOptions;
  private readonly threshold: number;
  private readonly maxBootstrapped: number;
  private readonly maxLabeled: number;
  private readonly maxRounds: number;
  private readonly concurrency: number;

  constructor(options: BootstrapFewShotOptions) {
    this.options = options;
    this.threshold = checkRatio("BootstrapFewShot", "metricThreshold", options.metricThreshold ?? 1);
    this.maxBootstrapped = checkCount("BootstrapFewShot", "maxBootstrappedDemos", options.maxBootstrappedDemos ?? 4, 0);
    this.maxLabeled = checkCount("BootstrapFewShot", "maxLabeledDemos", options.maxLabeledDemos ?? 16, 0);
    this.maxRounds = checkCount("BootstrapFewShot", "maxRounds", options.maxRounds ?? 1, 1);
    this.concurrency = checkCount("BootstrapFewShot", "concurrency", options.concurrency ?? 4, 1);
  }

  async compile<P extends Predictors>(student: Program<P>, trainset: readonly Example[]): Promise<Program<P>> {
    const indices = trainset.map((_, index) => index);
    const shuffle = this.options.shuffle ?? true;
    const order = shuffle ? new Random(`${this.options.seed ?? 0}/bootstrap`).shuffle(indices) : indices;
    const teacher = this.options.teacher;
    const selected = teacher
      ? await this.bootstrap(teacher, trainset, order)
      : await this.bootstrap(student, trainset, order);
    const traces = [...selected.values()];
    const labeled = order.filter((i) => !selected.has(i)).map((i) => labeledDemo((trainset[i] as Example).toRecord()));
    const names = student.namedPredictors().map(([name]) => name);
    const limits = { maxBootstrappedDemos: this.maxBootstrapped, maxLabeledDemos: this.maxLabeled };
    return withDemos(student, assembleDemos(names, traces, labeled, limits));
  }

  /** Successful traces by example index, in the order they were accepted. */
  private async bootstrap<T extends Predictors>(teacher: Program<T>, trainset: readonly Example[], order: number[]) {
    const selected = new Map<number, TraceStep[]>();
    for (let round = 0; round < this.maxRounds && selected.size < this.maxBootstrapped; round++) {
      const pending = order.filter((i) => !selected.has(i));
      const callOptions = this.callOptions(round);
      while (pending.length > 0 && selected.size < this.maxBootstrapped) {
        if (this.options.signal?.aborted) return selected;
        const chunk = pending.splice(0, Math.min(this.concurrency, this.maxBootstrapped - selected.size));
        const traced = await Promise.all(
          chunk.map((i) => traceExample(teacher, trainset[i] as Example, i, this.traceRun(callOptions))),
        );
        traced.forEach(({ record, steps }, k) => {
          if (steps && passes(record, this.threshold) && selected.size < this.maxBootstrapped) {
            selected.set(chunk[k] as number, steps);
          }
        });
      }
    }
    return selected;
  }

  private callOptions(round: number): CallOptions {
    return {
      ...(this.options.lm && { defaultLM: this.options.lm }),
      ...(this.options.resolveLM && { resolveLM: this.options.resolveLM }),
      // Later rounds need different samples of the same examples, as DSPy's rollouts do.
      ...(round > 0 && { temperature: 1, rolloutId: round }),
    };
  }

  private traceRun(callOptions: CallOptions) {
    return {
      metric: this.options.metric,
      callOptions,
      ...(this.options.timeoutMs !== undefined && { timeoutMs: this.options.timeoutMs }),
      ...(this.options.signal && { signal: this.options.signal }),
    };
  }
}
