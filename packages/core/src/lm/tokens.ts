import { JudgeloopError } from "../errors.ts";
import type { LMRequest, Message } from "./types.ts";

type Tokenizer = typeof import("gpt-tokenizer/model/gpt-4o");

let loaded: Tokenizer | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads the o200k tokenizer once per process. Its BPE ranks are 2.7 MB of JavaScript, so it is
 * imported only when something counts tokens (a budgeted call, a simulated call, a plan's
 * estimate), and a bundler gives it a chunk of its own. The counting functions below are
 * synchronous and need it loaded.
 *
 * @example
 * await loadTokenizer();
 * countTextTokens("Hello there"); // 2
 */
export function loadTokenizer(): Promise<void> {
  loading ??= import("gpt-tokenizer/model/gpt-4o").then(
    (module) => {
      loaded = module;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The loaded tokenizer; fails with `tokenizer_not_loaded` before `loadTokenizer()` has settled. */
export function tokenizer(): Tokenizer {
  if (!loaded) {
    throw new JudgeloopError("tokenizer_not_loaded", "token counts need the tokenizer: await loadTokenizer() first");
  }
  return loaded;
}

/**
 * How much more than the o200k count other providers' tokenizers may produce for the same text.
 * Their tokenizers are not public, so counts for them are an approximation; erring high keeps
 * budget reservations an upper bound (reconciliation returns the excess after the call).
 */
const nonOpenAIMargin = 1.25;

/**
 * Tokens in `text` under the o200k_base encoding (GPT-4o, GPT-4.1, GPT-5).
 *
 * @example
 * countTextTokens("Hello there"); // 2 (after `await loadTokenizer()`)
 */
export function countTextTokens(text: string): number {
  return tokenizer().countTokens(text);
}

/**
 * Tokens a chat takes as input under OpenAI's chat format (message framing included).
 *
 * @example
 * countMessageTokens([{ role: "user", content: "Hello there" }]); // 9
 */
export function countMessageTokens(messages: readonly Message[]): number {
  return tokenizer().countTokens(messages.map(({ role, content }) => ({ role, content })));
}

/**
 * A pre-call estimate of the input tokens `request` will be billed for on `model`: the messages
 * plus any JSON schema sent as the response format. Exact for OpenAI's o200k models; for other
 * providers an approximation scaled up by a safety margin, so it errs high.
 *
 * @example
 * estimateInputTokens("anthropic/claude-haiku-4-5", { messages: [{ role: "user", content: "Hi" }] });
 */
export function estimateInputTokens(model: string, request: Pick<LMRequest, "messages" | "responseFormat">): number {
  let tokens = countMessageTokens(request.messages);
  if (request.responseFormat?.type === "json_schema") {
    tokens += countTextTokens(JSON.stringify(request.responseFormat.schema));
  }
  return model.startsWith("openai/") ? tokens : Math.ceil(tokens * nonOpenAIMargin);
}
