/**
 * Attribute names of judgeloop's spans. The `gen_ai.*` ones are the OpenTelemetry GenAI
 * semantic conventions' (the same strings as `@opentelemetry/semantic-conventions/incubating`,
 * which a test checks; core does not import that package); `judgeloop.*` are our own.
 */
export const genAi = {
  operationName: "gen_ai.operation.name",
  providerName: "gen_ai.provider.name",
  /** Deprecated in favour of gen_ai.provider.name; still set, since many backends read only it. */
  system: "gen_ai.system",
  requestModel: "gen_ai.request.model",
  requestTemperature: "gen_ai.request.temperature",
  requestMaxTokens: "gen_ai.request.max_tokens",
  responseModel: "gen_ai.response.model",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  cacheReadInputTokens: "gen_ai.usage.cache_read.input_tokens",
  reasoningOutputTokens: "gen_ai.usage.reasoning.output_tokens",
  inputMessages: "gen_ai.input.messages",
  outputMessages: "gen_ai.output.messages",
  workflowName: "gen_ai.workflow.name",
  serverAddress: "server.address",
  serverPort: "server.port",
  errorType: "error.type",
} as const;

export const judgeloopAttributes = {
  /** The full `provider/model` string the call was made with. */
  model: "judgeloop.model",
  costUsd: "judgeloop.cost_usd",
  cacheHit: "judgeloop.cache_hit",
  simulated: "judgeloop.simulated",
  score: "judgeloop.score",
  runId: "judgeloop.run.id",
  runKind: "judgeloop.run.kind",
  runStatus: "judgeloop.run.status",
  stage: "judgeloop.stage",
  stageStatus: "judgeloop.stage.status",
  trialIndex: "judgeloop.trial.index",
  trialKind: "judgeloop.trial.kind",
  trialEvaluation: "judgeloop.trial.evaluation",
  trialExamples: "judgeloop.trial.examples",
  trialErrors: "judgeloop.trial.errors",
  optimizer: "judgeloop.optimizer",
} as const;

/** gen_ai.provider.name of each judgeloop provider prefix (the conventions' well-known values where there is one). */
const providerNames: Record<string, string> = {
  openai: "openai",
  anthropic: "anthropic",
  gemini: "gcp.gemini",
  sim: "judgeloop.sim",
};

/**
 * The provider and model name of a `provider/model` string, in the conventions' terms.
 *
 * @example
 * providerOf("gemini/gemini-2.5-flash"); // { provider: "gcp.gemini", model: "gemini-2.5-flash" }
 */
export function providerOf(model: string): { provider: string; model: string } {
  const slash = model.indexOf("/");
  if (slash < 0) return { provider: "_OTHER", model };
  const prefix = model.slice(0, slash);
  return { provider: providerNames[prefix] ?? prefix, model: model.slice(slash + 1) };
}
