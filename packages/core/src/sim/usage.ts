import { tokenizer } from "../lm/tokens.ts";
import type { Message, Usage } from "../lm/types.ts";

/** Chat framing tokens per message, as OpenAI counts them. */
const perMessageOverhead = 4;
const replyPriming = 3;

/**
 * Tokenizer-based usage for a simulated call (o200k encoding, the one current OpenAI models use);
 * needs `loadTokenizer()` to have settled, as `SimLM.call` ensures.
 *
 * @example
 * simulatedUsage([{ role: "user", content: "hi" }], "Hello!").outputTokens; // 2
 */
export function simulatedUsage(messages: readonly Message[], completion: string): Usage {
  const inputTokens = messages.reduce(
    (sum, m) => sum + tokenizer().countTokens(m.content) + perMessageOverhead,
    replyPriming,
  );
  return { inputTokens, outputTokens: tokenizer().countTokens(completion), cachedInputTokens: 0, reasoningTokens: 0 };
}

/**
 * The text cut to at most `maxTokens` tokens, as a provider stops at its output limit.
 *
 * @example
 * truncateToTokens("a long answer", 1).truncated; // true
 */
export function truncateToTokens(text: string, maxTokens: number): { text: string; truncated: boolean } {
  const { encode, decode } = tokenizer();
  const tokens = encode(text);
  if (tokens.length <= maxTokens) return { text, truncated: false };
  return { text: decode(tokens.slice(0, Math.max(0, maxTokens))), truncated: true };
}
