// Secrets, set per stage with `npx sst secret set <Name> <value>`. Linking one to a function
// gives it the value (encrypted in the function bundle) and no IAM permission.

/** The bearer token every /v1 route of the HTTP API requires (JUDGELOOP_API_TOKEN). */
export const apiToken = new sst.Secret("JudgeloopApiToken");

// Provider keys may stay unset (""): a stage that only uses some providers sets only those.
export const openaiApiKey = new sst.Secret("OpenaiApiKey", "");
export const anthropicApiKey = new sst.Secret("AnthropicApiKey", "");
export const geminiApiKey = new sst.Secret("GeminiApiKey", "");

/** Every provider key, for the functions that call models. */
export const providerKeys = [openaiApiKey, anthropicApiKey, geminiApiKey];
