import { JSONAdapter } from "../adapter/json-adapter.ts";
import { ParseError } from "../adapter/parse-error.ts";
import { repairMessages } from "../adapter/repair.ts";
import type { Adapter } from "../adapter/types.ts";
import { JudgeloopError } from "../errors.ts";
import type { LM, LMRequest, Message } from "../lm/types.ts";
import { Signature, type SignatureSpec } from "../signature/signature.ts";
import { adapterNamed } from "./adapters.ts";
import type { CallOptions, LMResolver } from "./call-options.ts";
import { callRecordOf, type LMCallRecord, Prediction } from "./prediction.ts";
import type { Demo, PredictorKind, PredictorState } from "./state.ts";

export interface PredictOptions {
  demos?: readonly Demo[];
  /** An LM, or a `provider/model` string resolved at call time through `resolveLM`. */
  lm?: LM | string;
  /** How prompts are rendered and answers parsed; default JSONAdapter. */
  adapter?: Adapter;
  /** The predictor's name inside a program (set by Program). */
  name?: string;
}

export interface PredictorFromStateOptions {
  /** Turns the saved `provider/model` binding into an LM now; without it the string is kept. */
  resolveLM?: LMResolver;
  name?: string;
}

/**
 * One LM call shaped by a signature: renders inputs with the adapter, asks the LM, parses the
 * answer into typed outputs. A malformed answer gets one repair retry that shows the model
 * its parse error; a second failure throws the ParseError.
 *
 * @example
 * const judge = new Predict("transcript: string -> satisfied: boolean", { lm });
 * const prediction = await judge.call({ transcript: "Customer: thanks!\nSupport: you're welcome" });
 * prediction.get("satisfied"); // true
 */
export class Predict {
  /** Optimizers replace it (e.g. with new instructions); Signature itself is immutable. */
  signature: Signature;
  demos: Demo[];
  adapter: Adapter;
  name: string | undefined;
  private boundLM: LM | undefined;
  private boundModel: string | undefined;

  constructor(signature: string | SignatureSpec | Signature, options: PredictOptions = {}) {
    this.signature = Signature.from(signature);
    this.demos = structuredClone([...(options.demos ?? [])]);
    this.adapter = options.adapter ?? new JSONAdapter();
    this.name = options.name;
    if (options.lm !== undefined) this.bind(options.lm);
  }

  /** Restores a predictor saved by `toState`; called on a subclass it builds that subclass. */
  static fromState<T extends Predict>(
    this: new (
      signature: Signature,
      options: PredictOptions,
    ) => T,
    state: PredictorState,
    options: PredictorFromStateOptions = {},
  ): T {
    const predictor = new this(Signature.fromState(state.signature), {
      ...(options.name !== undefined && { name: options.name }),
    });
    return predictor.loadState(state, options);
  }

  get kind(): PredictorKind {
    return "predict";
  }

  /** The LM this predictor is bound to, if it holds an instance. */
  get lm(): LM | undefined {
    return this.boundLM;
  }

  /** The `provider/model` this predictor is bound to; undefined means the program's default. */
  get model(): string | undefined {
    return this.boundModel;
  }

  /** Binds this predictor to its own LM (or a model string resolved at call time). */
  bind(lm: LM | string): this {
    this.boundLM = typeof lm === "string" ? undefined : lm;
    this.boundModel = typeof lm === "string" ? lm : lm.model;
    return this;
  }

  /** Removes the binding, so the program's default LM applies again. */
  unbind(): this {
    this.boundLM = undefined;
    this.boundModel = undefined;
    return this;
  }

  toState(): PredictorState {
    return {
      kind: this.kind,
      signature: this.signature.toState(),
      demos: structuredClone(this.demos),
      lm: this.boundModel ?? null,
      adapter: this.adapter.name,
    };
  }

  /** Replaces signature, demos, adapter and binding with saved ones; the kind must match. */
  loadState(state: PredictorState, options: PredictorFromStateOptions = {}): this {
    if (state.kind !== this.kind) {
      throw new JudgeloopError(
        "bad_program_state",
        `${this.describe()} is a ${this.kind} but its state is a ${state.kind}`,
      );
    }
    this.signature = Signature.fromState(state.signature);
    this.demos = structuredClone(state.demos);
    if (state.adapter !== undefined && state.adapter !== this.adapter.name) this.adapter = adapterNamed(state.adapter);
    // A hand-edited or foreign file may leave `lm` out: that means unbound, like null.
    if (state.lm === null || state.lm === undefined) this.unbind();
    else this.bind(options.resolveLM?.(state.lm) ?? state.lm);
    return this;
  }

  /** An independent copy: demos are deep-copied, the LM and adapter are shared services. */
  clone(): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this);
    copy.demos = structuredClone(this.demos);
    return copy;
  }

  /**
   * Throws what the LM throws (LMError), the ParseError left after the one repair retry, or a
   * JudgeloopError (`missing_input`, `no_lm`) for a call that could not be made.
   */
  async call(inputs: Record<string, unknown>, options: CallOptions = {}): Promise<Prediction> {
    const lm = this.resolveLM(options);
    const messages = this.adapter.format(this.signature, this.demos, this.inputsOf(inputs));
    const request = this.requestFor(lm, messages, options);
    const calls: LMCallRecord[] = [];
    const first = await this.ask(lm, request, false, options, calls);
    try {
      return new Prediction(this.adapter.parse(this.signature, first), calls);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      const retry = { ...request, messages: repairMessages(messages, first, error, this.outputReminder()) };
      const second = await this.ask(lm, retry, true, options, calls);
      return new Prediction(this.adapter.parse(this.signature, second), calls);
    }
  }

  private async ask(
    lm: LM,
    request: LMRequest,
    repair: boolean,
    options: CallOptions,
    calls: LMCallRecord[],
  ): Promise<string> {
    const response = await lm.call(request);
    const record = callRecordOf(response, this.name, repair);
    calls.push(record);
    options.onCall?.(record);
    return response.text;
  }

  private requestFor(lm: LM, messages: Message[], options: CallOptions): LMRequest {
    const responseFormat = this.adapter.responseFormat(this.signature, lm.capabilities);
    return {
      messages,
      ...(options.temperature !== undefined && { temperature: options.temperature }),
      ...(options.rolloutId !== undefined && { rolloutId: options.rolloutId }),
      ...(options.signal !== undefined && { signal: options.signal }),
      ...(responseFormat !== undefined && { responseFormat }),
    };
  }

  /** Only the signature's inputs reach the prompt; a missing one is an error naming it. */
  private inputsOf(inputs: Record<string, unknown>): Record<string, unknown> {
    const picked: Record<string, unknown> = {};
    for (const field of this.signature.inputs) {
      if (inputs[field.name] === undefined) {
        throw new JudgeloopError("missing_input", `${this.describe()} needs input field \`${field.name}\``);
      }
      picked[field.name] = inputs[field.name];
    }
    return picked;
  }

  private resolveLM(options: CallOptions): LM {
    if (options.lm) return options.lm;
    if (this.boundLM) return this.boundLM;
    if (this.boundModel !== undefined) {
      if (!options.resolveLM) {
        throw new JudgeloopError(
          "no_lm",
          `${this.describe()} is bound to ${this.boundModel} but no LM resolver was given`,
        );
      }
      this.boundLM = options.resolveLM(this.boundModel);
      return this.boundLM;
    }
    if (options.defaultLM) return options.defaultLM;
    throw new JudgeloopError("no_lm", `${this.describe()} has no LM: bind one or pass \`lm\` to call()`);
  }

  /** Restates the answer format in the repair turn, for adapters that can say it. */
  private outputReminder(): string | undefined {
    const adapter: Adapter & { outputReminder?: (signature: Signature) => string } = this.adapter;
    return typeof adapter.outputReminder === "function" ? adapter.outputReminder(this.signature) : undefined;
  }

  private describe(): string {
    return this.name === undefined ? `predictor (${this.signature})` : `predictor \`${this.name}\``;
  }
}
