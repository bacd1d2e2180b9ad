import type { Message } from "../lm/types.ts";
import type { Demo } from "../module/state.ts";
import type { Signature } from "../signature/signature.ts";
import { isSupplied, userContent } from "./field-blocks.ts";

/** How an adapter writes an assistant turn; `missing` stands in for absent output fields. */
export type AssistantContent = (signature: Signature, outputs: Record<string, unknown>, missing: string) => string;

export const incompleteDemoPrefix =
  "This is an example of the task, though some input or output fields are not supplied.";
export const notSuppliedInDemo = "Not supplied for this particular example. ";
const notSuppliedInHistory = "Not supplied for this conversation history message. ";

/**
 * Sorts demos as DSPy does: complete ones (every field present and not null) and incomplete
 * ones (at least one input and one output present); demos with neither are dropped.
 *
 * @example
 * const { complete, incomplete } = partitionDemos(signature, demos);
 */
export function partitionDemos(signature: Signature, demos: readonly Demo[]): { complete: Demo[]; incomplete: Demo[] } {
  const complete: Demo[] = [];
  const incomplete: Demo[] = [];
  for (const demo of demos) {
    const present = (name: string) => isSupplied(demo, name);
    if (signature.fields.every((f) => present(f.name) && demo[f.name] !== null)) complete.push(demo);
    else if (signature.inputs.some((f) => present(f.name)) && signature.outputs.some((f) => present(f.name))) {
      incomplete.push(demo);
    }
  }
  return { complete, incomplete };
}

/**
 * Demos as user/assistant message pairs: incomplete demos first (with the "not supplied"
 * prefix and placeholders), then complete ones, each group in its given order.
 *
 * @example
 * formatDemos(signature, demos, jsonAssistantContent);
 */
export function formatDemos(signature: Signature, demos: readonly Demo[], assistant: AssistantContent): Message[] {
  const { complete, incomplete } = partitionDemos(signature, demos);
  const messages: Message[] = [];
  for (const demo of incomplete) {
    messages.push({ role: "user", content: userContent(signature, demo, { prefix: incompleteDemoPrefix }) });
    messages.push({ role: "assistant", content: assistant(signature, demo, notSuppliedInDemo) });
  }
  for (const demo of complete) {
    messages.push({ role: "user", content: userContent(signature, demo) });
    messages.push({ role: "assistant", content: assistant(signature, demo, notSuppliedInHistory) });
  }
  return messages;
}
