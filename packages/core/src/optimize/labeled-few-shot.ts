import { JudgeloopError } from "../errors.ts";
import type { Example } from "../module/example.ts";
import type { Predictors, Program } from "../module/program.ts";
import { Random } from "../util/random.ts";
import { sampleLabeledDemos } from "./demo-sets.ts";
import { withDemos } from "./program-prompts.ts";

export interface LabeledFewShotOptions {
  /** Demos per predictor; default 16 (DSPy's default). */
  k?: number;
  /** Draw a seeded random sample (default) or take the first `k` examples. */
  sample?: boolean;
  seed?: string | number;
}

/**
 * The simplest optimizer: every predictor gets `k` labeled examples from the trainset as demos.
 * No LM call is made.
 *
 * @example
 * const optimized = new LabeledFewShot({ k: 4, seed: 7 }).compile(program, trainset);
 */
export class LabeledFewShot {
  private readonly k: number;
  private readonly sample: boolean;
  private readonly seed: string | number;

  constructor(options: LabeledFewShotOptions = {}) {
    this.k = options.k ?? 16;
    if (!Number.isInteger(this.k) || this.k < 0) {
      throw new JudgeloopError("bad_option", `LabeledFewShot option \`k\` must be an integer >= 0 (got ${this.k})`);
    }
    this.sample = options.sample ?? true;
    this.seed = options.seed ?? 0;
  }

  compile<P extends Predictors>(student: Program<P>, trainset: readonly Example[]): Program<P> {
    const values = trainset.map((example) => example.toRecord());
    const rng = this.sample ? new Random(`${this.seed}/labeled-few-shot`) : undefined;
    const demos = sampleLabeledDemos(values, this.k, rng);
    const byPredictor = Object.fromEntries(student.namedPredictors().map(([name]) => [name, demos]));
    return withDemos(student, byPredictor);
  }
}
