// Reasoning models served through OpenAI-compatible servers (DeepSeek-R1, Qwen3, QwQ on Ollama,
// vLLM, LM Studio) put their working in <think>…</think> before the answer; some chat templates
// open the block in the prompt, so the completion carries only the closing tag.
const closedBlock = /<(think|thinking)>[\s\S]*?<\/\1>/gi;
const unclosedBlock = /<(think|thinking)>[\s\S]*$/i;
const orphanClose = /^[\s\S]*?<\/(think|thinking)>/i;

/**
 * The completion without its thinking: every `<think>…</think>` (or `<thinking>…</thinking>`)
 * block, the text before an orphan closing tag, and an unclosed block to the end. Text without
 * such tags comes back unchanged.
 *
 * @example
 * stripThinking('<think>The reply ignores the refund.</think>\n{"satisfied": false}'); // '\n{"satisfied": false}'
 */
export function stripThinking(completion: string): string {
  if (!/<\/?think(ing)?>/i.test(completion)) return completion;
  return completion.replace(closedBlock, "").replace(orphanClose, "").replace(unclosedBlock, "");
}
