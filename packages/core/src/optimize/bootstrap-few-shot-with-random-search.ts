import { evaluate } from "../evaluate/evaluate.ts";
import type { EvaluateResult } from "../evaluate/types.ts";
import type { Example } from "../module/example.ts";
import type { Predictors, Program } from "../module/program.ts";
import type { ProgramState } from "../module/state.ts";
import { Random } from "../util/random.ts";
import { BootstrapFewShot, type BootstrapFewShotOptions } from "./bootstrap-few-shot.ts";
import { LabeledFewShot } from "./labeled-few-shot.ts";
import { checkCount } from "./options-check.ts";
import { withDemos } from "./program-prompts.ts";

export interface RandomSearchOptions extends Omit<BootstrapFewShotOptions, "shuffle"> {
  /** Shuffled bootstrap candidates, besides the zero-shot, labeled-only and unshuffled ones; default 16. */
  numCandidatePrograms?: number;
  /** Examples evaluated at once per candidate; default 8. */
  evaluateConcurrency?: number;
}

export type RandomSearchCandidateKind = "zero_shot" | "labeled" | "unshuffled" | "shuffled";

export interface RandomSearchCandidate {
  /** DSPy's candidate seed: -3 zero-shot, -2 labeled only, -1 unshuffled bootstrap, 0+ shuffled. */
  seed: number;
  kind: RandomSearchCandidateKind;
  /** Mean over scored validation examples; null when none was scored. */
  score: number | null;
  n: number;
  errors: number;
  program: ProgramState;
}

export interface RandomSearchResult<P extends Predictors> {
  program: Program<P>;
  score: number | null;
  candidates: RandomSearchCandidate[];
}

/**
 * DSPy's BootstrapFewShotWithRandomSearch: builds candidate programs (zero-shot, labeled demos
 * only, an unshuffled bootstrap, then bootstraps over differently shuffled trainsets with a
 * random number of demos), evaluates each on the valset (default: the trainset) and keeps the
 * best. Error records never count as a score.
 *
 * @example
 * const { program, candidates } = await new BootstrapFewShotWithRandomSearch({ metric, numCandidatePrograms: 4 })
 *   .compile(judge, trainset, valset);
 */
export class BootstrapFewShotWithRandomSearch {
  private readonly options: RandomSearchOptions;
  private readonly numCandidates: number;

  constructor(options: RandomSearchOptions) {
    this.options = options;
    this.numCandidates = checkCount("RandomSearch", "numCandidatePrograms", options.numCandidatePrograms ?? 16, 0);
  }

  async compile<P extends Predictors>(
    student: Program<P>,
    trainset: readonly Example[],
    valset: readonly Example[] = trainset,
  ): Promise<RandomSearchResult<P>> {
    let best: { program: Program<P>; score: number | null } | undefined;
    const candidates: RandomSearchCandidate[] = [];
    for (let seed = -3; seed < this.numCandidates; seed++) {
      const program = await this.candidate(student, trainset, seed);
      const result = await this.score(program, valset);
      candidates.push({
        seed,
        kind: kindOf(seed),
        score: result.score,
        n: result.n,
        errors: result.errors,
        program: program.toState(),
      });
      if (!best || (result.score !== null && (best.score === null || result.score > best.score))) {
        best = { program, score: result.score };
      }
    }
    const chosen = best ?? { program: student.clone(), score: null };
    return { program: chosen.program, score: chosen.score, candidates };
  }

  private async candidate<P extends Predictors>(student: Program<P>, trainset: readonly Example[], seed: number) {
    const { maxBootstrappedDemos = 4, maxLabeledDemos = 16 } = this.options;
    if (seed === -3) return withDemos(student, {});
    if (seed === -2)
      return new LabeledFewShot({ k: maxLabeledDemos, seed: this.seedLabel(seed) }).compile(student, trainset);
    if (seed === -1) return new BootstrapFewShot({ ...this.options, shuffle: false }).compile(student, trainset);
    const size = new Random(this.seedLabel(seed)).intBetween(1, Math.max(1, maxBootstrappedDemos));
    const options = { ...this.options, maxBootstrappedDemos: size, seed: this.seedLabel(seed) };
    return new BootstrapFewShot(options).compile(student, trainset);
  }

  private score<P extends Predictors>(program: Program<P>, valset: readonly Example[]): Promise<EvaluateResult> {
    return evaluate(program, valset, this.options.metric, {
      concurrency: this.options.evaluateConcurrency ?? 8,
      ...(this.options.lm && { lm: this.options.lm }),
      ...(this.options.resolveLM && { resolveLM: this.options.resolveLM }),
      ...(this.options.timeoutMs !== undefined && { timeoutMs: this.options.timeoutMs }),
      ...(this.options.signal && { signal: this.options.signal }),
    });
  }

  private seedLabel(seed: number): string {
    return `${this.options.seed ?? 0}/candidate/${seed}`;
  }
}

function kindOf(seed: number): RandomSearchCandidateKind {
  if (seed === -3) return "zero_shot";
  if (seed === -2) return "labeled";
  return seed === -1 ? "unshuffled" : "shuffled";
}
