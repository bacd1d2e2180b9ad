import type { Message } from "../lm/types.ts";
import type { Demo } from "../module/state.ts";
import type { Signature } from "../signature/signature.ts";
import { type AssistantContent, formatDemos } from "./demos.ts";
import { userContent } from "./field-blocks.ts";
import { systemMessage } from "./system-message.ts";

export const structureIntro =
  "All interactions will be structured in the following way, with the appropriate values filled in.";

/** What differs between DSPy's chat and JSON adapters when rendering; the rest is shared. */
export interface RenderStyle {
  fieldStructure(signature: Signature): string;
  assistantContent: AssistantContent;
  outputReminder(signature: Signature): string;
}

/**
 * System message, demo pairs, then the request itself with its closing reminder: the message
 * layout of DSPy's `Adapter.format`.
 *
 * @example
 * renderMessages(signature, demos, { transcript }, chatStyle);
 */
export function renderMessages(
  signature: Signature,
  demos: readonly Demo[],
  inputs: Record<string, unknown>,
  style: RenderStyle,
): Message[] {
  return [
    { role: "system", content: systemMessage(signature, style.fieldStructure(signature)) },
    ...formatDemos(signature, demos, style.assistantContent),
    { role: "user", content: userContent(signature, inputs, { reminder: style.outputReminder(signature) }) },
  ];
}
