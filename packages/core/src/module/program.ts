import { JudgeloopError } from "../errors.ts";
import type { LM } from "../lm/types.ts";
import type { CallOptions, LMResolver } from "./call-options.ts";
import type { Predict } from "./predict.ts";
import { type LMCallRecord, Prediction } from "./prediction.ts";
import { predictorFromState } from "./predictor-state.ts";
import { type ProgramState, programStateFormat } from "./state.ts";

/** A program's predictors by name. */
export type Predictors = Record<string, Predict>;

/**
 * The program's logic: call predictors, passing `ctx` through so LM bindings, cancellation and
 * usage accounting reach every call. May return a Prediction or plain output values.
 */
export type ForwardFunction<P extends Predictors> = (
  predictors: P,
  inputs: Record<string, unknown>,
  ctx: CallOptions,
) => Promise<Prediction | Record<string, unknown>>;

export interface ProgramOptions {
  /** Default LM for predictors not bound to their own. */
  lm?: LM;
  /** Turns model strings (from `bind("judge", "openai/gpt-4o")` or saved state) into LMs. */
  resolveLM?: LMResolver;
  name?: string;
  metadata?: Record<string, unknown>;
}

/**
 * Named predictors plus an async forward function. Each predictor may be bound to its own LM;
 * the others use the program's default. State (instructions, demos, bindings) is plain JSON.
 *
 * @example
 * const program = new Program({ judge: new ChainOfThought(signature) }, async (p, inputs, ctx) =>
 *   p.judge.call(inputs, ctx), { lm: generatorLM });
 * program.bind("judge", judgeLM);
 * const saved = program.toState();
 * const restored = Program.fromState(saved, forward, { resolveLM: createLM });
 */
export class Program<P extends Predictors = Predictors> {
  readonly predictors: P;
  readonly forward: ForwardFunction<P>;
  /** Default LM for predictors not bound to their own. */
  lm: LM | undefined;
  readonly resolveLM: LMResolver | undefined;
  readonly name: string | undefined;
  readonly metadata: Record<string, unknown> | undefined;

  constructor(predictors: P, forward: ForwardFunction<P>, options: ProgramOptions = {}) {
    if (Object.keys(predictors).length === 0) {
      throw new JudgeloopError("bad_program", "a program needs at least one predictor");
    }
    // Each predictor takes its key as its name so call records say which one ran; a predictor
    // therefore belongs to one program (clone it to use it in another).
    for (const [name, predictor] of Object.entries(predictors)) predictor.name = name;
    this.predictors = predictors;
    this.forward = forward;
    this.lm = options.lm;
    this.resolveLM = options.resolveLM;
    this.name = options.name;
    this.metadata = options.metadata === undefined ? undefined : structuredClone(options.metadata);
  }

  /** Rebuilds a program from saved state; `forward` must use the predictor names the state has. */
  static fromState<P extends Predictors = Predictors>(
    state: ProgramState,
    forward: ForwardFunction<P>,
    options: Omit<ProgramOptions, "name" | "metadata"> = {},
  ): Program<P> {
    checkState(state);
    const restore = { ...(options.resolveLM && { resolveLM: options.resolveLM }) };
    const entries = Object.entries(state.predictors).map(([name, s]) => [name, predictorFromState(s, restore)]);
    return new Program(Object.fromEntries(entries) as P, forward, {
      ...options,
      ...(state.name !== undefined && { name: state.name }),
      ...(state.metadata !== undefined && { metadata: state.metadata }),
    });
  }

  /** Predictors in declaration order, as `[name, predictor]` pairs (what optimizers walk). */
  namedPredictors(): [string, Predict][] {
    return Object.entries(this.predictors);
  }

  predictor(name: string): Predict {
    const predictor = this.predictors[name];
    if (!predictor) {
      const known = Object.keys(this.predictors).join(", ");
      throw new JudgeloopError("unknown_predictor", `program has no predictor \`${name}\` (it has: ${known})`);
    }
    return predictor;
  }

  /** Binds one predictor to its own LM, e.g. the judge to a stronger model than the generator. */
  bind(name: string, lm: LM | string): this {
    const resolved = typeof lm === "string" && this.resolveLM ? this.resolveLM(lm) : lm;
    this.predictor(name).bind(resolved);
    return this;
  }

  async call(inputs: Record<string, unknown>, options: CallOptions = {}): Promise<Prediction> {
    const calls: LMCallRecord[] = [];
    const defaultLM = this.lm ?? options.defaultLM;
    const resolveLM = options.resolveLM ?? this.resolveLM;
    const ctx: CallOptions = {
      ...options,
      ...(defaultLM && { defaultLM }),
      ...(resolveLM && { resolveLM }),
      onCall: (call) => {
        calls.push(call);
        options.onCall?.(call);
      },
    };
    const result = await this.forward(this.predictors, inputs, ctx);
    const prediction = result instanceof Prediction ? result : new Prediction(result);
    // Calls made without passing ctx still count: keep them after the ones ctx saw.
    const seen = new Set(calls);
    return prediction.withCalls([...calls, ...prediction.calls.filter((call) => !seen.has(call))]);
  }

  toState(): ProgramState {
    const predictors = Object.fromEntries(this.namedPredictors().map(([name, p]) => [name, p.toState()]));
    return {
      format: programStateFormat,
      ...(this.name !== undefined && { name: this.name }),
      predictors,
      ...(this.metadata !== undefined && { metadata: structuredClone(this.metadata) }),
    };
  }

  /** A copy with this state loaded: same predictor names and kinds required. */
  withState(state: ProgramState): Program<P> {
    checkState(state);
    const copy = this.clone();
    for (const name of Object.keys(state.predictors)) copy.predictor(name);
    for (const [name, predictor] of copy.namedPredictors()) {
      const saved = state.predictors[name];
      if (!saved) throw new JudgeloopError("bad_program_state", `state has no predictor \`${name}\``);
      predictor.loadState(saved, this.resolveLM ? { resolveLM: this.resolveLM } : {});
    }
    return copy;
  }

  /** A deep copy optimizers can edit freely; LMs are shared services and are not copied. */
  clone(): Program<P> {
    const predictors = Object.fromEntries(this.namedPredictors().map(([name, p]) => [name, p.clone()])) as P;
    return new Program(predictors, this.forward, {
      ...(this.lm && { lm: this.lm }),
      ...(this.resolveLM && { resolveLM: this.resolveLM }),
      ...(this.name !== undefined && { name: this.name }),
      ...(this.metadata !== undefined && { metadata: this.metadata }),
    });
  }
}

function checkState(state: ProgramState): void {
  if (state?.format !== programStateFormat) {
    const found = typeof state?.format === "string" ? `"${state.format}"` : "none";
    throw new JudgeloopError(
      "bad_program_state",
      `program state format must be "${programStateFormat}" (found ${found})`,
    );
  }
  if (typeof state.predictors !== "object" || state.predictors === null) {
    throw new JudgeloopError("bad_program_state", "program state has no `predictors` object");
  }
}
