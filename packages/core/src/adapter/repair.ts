import type { Message } from "../lm/types.ts";
import type { ParseError } from "./parse-error.ts";

/**
 * The conversation for the single repair retry: the original messages, the answer that failed
 * to parse, and a user turn saying what failed (field and reason) and asking for the answer again
 * in the required format. Pass the adapter's `outputReminder(signature)` to restate the format.
 *
 * @example
 * const retry = repairMessages(messages, response.text, error, adapter.outputReminder(signature));
 * const second = await lm.call({ messages: retry });
 */
export function repairMessages(
  messages: readonly Message[],
  completion: string,
  error: ParseError,
  reminder?: string,
): Message[] {
  const problem =
    error.field === undefined
      ? `Your previous answer could not be parsed: ${error.reason}.`
      : `Your previous answer could not be parsed: the output field \`${error.field}\` ${describe(error.reason)}.`;
  const request = "Answer again in the required format, with every output field and nothing else.";
  const content = [problem, request, reminder].filter((part) => part !== undefined && part !== "").join("\n\n");
  return [...messages, { role: "assistant", content: completion }, { role: "user", content }];
}

/** "is missing ..." reads on its own; "expected ..., got ..." needs a verb in front. */
function describe(reason: string): string {
  return /^(is|does|has)\b/.test(reason) ? reason : `failed: ${reason}`;
}
