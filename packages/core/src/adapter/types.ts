import type { LMCapabilities, Message, ResponseFormat } from "../lm/types.ts";
import type { Demo } from "../module/state.ts";
import type { Signature } from "../signature/signature.ts";

/**
 * Turns a signature, demos and inputs into chat messages, and a completion back into typed
 * outputs. Implementations render exactly as DSPy's adapters of the same name.
 */
export interface Adapter {
  readonly name: "json" | "chat";
  format(signature: Signature, demos: readonly Demo[], inputs: Record<string, unknown>): Message[];
  /** Typed outputs for every output field; throws ParseError naming the field on failure. */
  parse(signature: Signature, completion: string): Record<string, unknown>;
  /** The structured-output request to send, when the model supports one. */
  responseFormat(signature: Signature, capabilities: LMCapabilities): ResponseFormat | undefined;
  /** The closing line that restates the answer format; repairMessages repeats it on a retry. */
  outputReminder?(signature: Signature): string;
}
