import { addUsage, emptyUsage, type LMResponse, type Usage } from "../lm/types.ts";

/** One LM call made while producing a prediction: what it used, cost and how long it took. */
export interface LMCallRecord {
  /** The predictor's name inside its program; undefined for a stand-alone predictor. */
  predictor: string | undefined;
  model: string;
  usage: Usage;
  latencyMs: number;
  /** Null when the price of the model is unknown (never silently $0). */
  costUsd: number | null;
  cached: boolean;
  simulated: boolean;
  /** True for the retry that showed the model its parse error. */
  repair: boolean;
}

/**
 * Builds a call record from the response an LM returned.
 *
 * @example
 * const record = callRecordOf(await lm.call(request), "judge", false);
 */
export function callRecordOf(
  response: LMResponse,
  predictor: string | undefined,
  repair: boolean,
  latencyMs = response.latencyMs,
): LMCallRecord {
  return {
    predictor,
    model: response.model,
    usage: response.usage,
    latencyMs,
    costUsd: response.costUsd ?? null,
    cached: response.cached,
    simulated: response.simulated === true,
    repair,
  };
}

/**
 * The outputs of a module call, with the LM calls that produced them.
 *
 * @example
 * const prediction = await judge.call({ transcript });
 * prediction.get("satisfied"); // true
 * prediction.usage.outputTokens; prediction.costUsd; prediction.simulated;
 */
export class Prediction {
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly calls: readonly LMCallRecord[];
  /** Free-form notes a forward function wants to keep (e.g. the generated reply's length). */
  readonly metadata: Readonly<Record<string, unknown>>;

  constructor(
    outputs: Record<string, unknown>,
    calls: readonly LMCallRecord[] = [],
    metadata: Record<string, unknown> = {},
  ) {
    this.outputs = { ...outputs };
    this.calls = [...calls];
    this.metadata = { ...metadata };
  }

  get(field: string): unknown {
    return this.outputs[field];
  }

  /** Tokens summed over every call. */
  get usage(): Usage {
    return this.calls.reduce((sum, call) => addUsage(sum, call.usage), emptyUsage());
  }

  /** Dollars summed over every call; null when any call's price is unknown. */
  get costUsd(): number | null {
    return sumCost(this.calls);
  }

  /** Time spent waiting on the LM, summed over calls (calls of one prediction run in sequence). */
  get latencyMs(): number {
    return this.calls.reduce((sum, call) => sum + call.latencyMs, 0);
  }

  /** True when any call was answered by a simulator: results must be labelled simulated. */
  get simulated(): boolean {
    return this.calls.some((call) => call.simulated);
  }

  /** The same outputs with a different list of calls (a program reports all its calls). */
  withCalls(calls: readonly LMCallRecord[]): Prediction {
    return new Prediction({ ...this.outputs }, calls, { ...this.metadata });
  }

  toJSON(): Record<string, unknown> {
    return { outputs: this.outputs, usage: this.usage, costUsd: this.costUsd, simulated: this.simulated };
  }
}

/**
 * Sum of call costs; null as soon as one is unknown.
 *
 * @example
 * sumCost(prediction.calls); // 0.0021, or null when a price is missing
 */
export function sumCost(calls: readonly LMCallRecord[]): number | null {
  let total = 0;
  for (const call of calls) {
    if (call.costUsd === null) return null;
    total += call.costUsd;
  }
  return total;
}
