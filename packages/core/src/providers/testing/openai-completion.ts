/**
 * Test-only: a chat.completion body as OpenAI-compatible servers send it, for RecordingServer
 * replies. Not part of the library.
 *
 * @example
 * server.enqueue({ status: 200, body: openAICompletion('{"ok": true}', { finishReason: "length" }) });
 */
export function openAICompletion(
  content: string,
  options: { finishReason?: string; model?: string; completionTokens?: number } = {},
) {
  const completionTokens = options.completionTokens ?? 5;
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: 1,
    model: options.model ?? "served-model",
    choices: [
      {
        index: 0,
        finish_reason: options.finishReason ?? "stop",
        message: { role: "assistant", content, refusal: null },
      },
    ],
    usage: { prompt_tokens: 40, completion_tokens: completionTokens, total_tokens: 40 + completionTokens },
  };
}
