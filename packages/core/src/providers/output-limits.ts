interface LimitRule {
  pattern: RegExp;
  maxOutputTokens: number;
}

// The most output tokens each family can produce, from the providers' model pages; first match
// wins. Only a bound for the doubled-allowance retry of a truncated answer: unknown models get
// no bound, and the provider's own 400 then says the allowance is too big.
const limitRules: readonly LimitRule[] = [
  { pattern: /^(ft:)?gpt-5/, maxOutputTokens: 128_000 },
  { pattern: /^(ft:)?o\d/, maxOutputTokens: 100_000 },
  { pattern: /^(ft:)?gpt-4\.1/, maxOutputTokens: 32_768 },
  { pattern: /^(ft:)?gpt-4o/, maxOutputTokens: 16_384 },
  { pattern: /^(ft:)?gpt-3\.5-turbo/, maxOutputTokens: 4_096 },
  { pattern: /^claude-opus-4-[01]/, maxOutputTokens: 32_000 },
  { pattern: /^claude-(sonnet|haiku|opus)-4/, maxOutputTokens: 64_000 },
  { pattern: /^claude-3-5/, maxOutputTokens: 8_192 },
  { pattern: /^gemini-(2\.5|[3-9])/, maxOutputTokens: 65_536 },
  { pattern: /^gemini-2\.0/, maxOutputTokens: 8_192 },
];

/**
 * The most output tokens a model can produce, when its family is known.
 *
 * @example
 * knownMaxOutputTokens("gpt-4o-mini"); // 16384
 * knownMaxOutputTokens("llama3.1:8b"); // undefined
 */
export function knownMaxOutputTokens(model: string): number | undefined {
  return limitRules.find((rule) => rule.pattern.test(model))?.maxOutputTokens;
}

/**
 * `{ maxOutputTokens }` when the limit is known, else nothing: spread into capabilities.
 *
 * @example
 * const capabilities = { structuredOutputs: true, jsonMode: true, ...withMaxOutput(knownMaxOutputTokens(model)) };
 */
export function withMaxOutput(limit: number | undefined): { maxOutputTokens?: number } {
  return limit === undefined ? {} : { maxOutputTokens: limit };
}
