// Which model plays each role of a pipeline run, and whether a provider can be called: pure
// rules over the keys the composition root read (core never reads the environment), shared by
// the local CLI and the AWS functions without loading any provider SDK.
import { JudgeloopError } from "../errors.ts";

export type ProviderName = "openai" | "anthropic" | "gemini";

/** API keys by provider, as the composition root read them (core never reads the environment). */
export type ProviderKeys = Partial<Record<ProviderName, string>>;

/** The environment variable a user sets for each provider's key (read by the CLI, not core). */
export const providerKeyEnvVars: Record<ProviderName, string> = {
  openai: "OPENAI_API_KEY",
  anthropic: "ANTHROPIC_API_KEY",
  gemini: "GEMINI_API_KEY",
};

/** Every provider a model string may name; `sim` is judgeloop's simulator. */
export const knownProviders = ["openai", "anthropic", "gemini", "sim"] as const;

/**
 * Splits `provider/model` at the first slash; the model part may contain more slashes
 * (`openai/meta-llama/Llama-3.1-8B` through vLLM).
 *
 * @example
 * parseModelString("openai/gpt-4o-mini"); // { provider: "openai", model: "gpt-4o-mini" }
 */
export function parseModelString(modelString: string): { provider: string; model: string } {
  const slash = modelString.indexOf("/");
  const provider = slash > 0 ? modelString.slice(0, slash) : "";
  const model = slash > 0 ? modelString.slice(slash + 1) : "";
  if (!provider || !model.trim()) {
    throw new JudgeloopError(
      "bad_model_string",
      `model "${modelString}" is not of the form provider/model (e.g. openai/gpt-4o-mini)`,
    );
  }
  return { provider, model };
}

/** What a composition root knows about providers: the keys it read and an OpenAI-compatible endpoint. */
export interface ProviderAccess {
  keys: ProviderKeys;
  /** Any OpenAI-compatible server (Ollama, vLLM, `judgeloop sim serve`); it needs no key. */
  openaiBaseURL?: string;
}

/** The models a pipeline run uses, by what they do. */
export type ModelRole = "generator" | "judge" | "gold" | "proposer";
export const modelRoles: readonly ModelRole[] = ["generator", "judge", "gold", "proposer"];

/**
 * The simulated model of each role when no provider key is set. The gold model is the
 * strongest (it stands in for the SME), the proposer is strong (it writes instructions), and
 * the generator and judge are middling, so there is room for the optimizers to show.
 */
export const simulatedRoleModels: Readonly<Record<ModelRole, string>> = {
  generator: "sim/generator",
  judge: "sim/judge",
  gold: "sim/gold",
  proposer: "sim/strong",
};

/**
 * True when any real provider can be reached: a key, or an OpenAI-compatible endpoint.
 *
 * @example
 * hasAnyProvider({ keys: {} }); // false: the pipeline runs on the simulator
 */
export function hasAnyProvider(env: ProviderAccess): boolean {
  return Object.keys(env.keys).length > 0 || env.openaiBaseURL !== undefined;
}

/**
 * Throws `missing_api_key` (naming the variable to set) unless `model` can be called with this
 * environment. `what` says who asked for it, e.g. "--model" or "models.judge".
 *
 * @example
 * requireModelKey("openai/gpt-4o-mini", env, "--model"); // throws without OPENAI_API_KEY
 */
export function requireModelKey(model: string, env: ProviderAccess, what: string): void {
  const { provider } = parseModelString(model);
  if (provider === "sim") return;
  if (!(provider in providerKeyEnvVars)) {
    const known = ["sim", ...Object.keys(providerKeyEnvVars)].join(", ");
    throw new JudgeloopError("unknown_provider", `${what} ${model}: unknown provider "${provider}" (use ${known})`);
  }
  const name = provider as keyof typeof providerKeyEnvVars;
  if (env.keys[name] !== undefined || (name === "openai" && env.openaiBaseURL !== undefined)) return;
  throw new JudgeloopError(
    "missing_api_key",
    `${what} ${model} needs an API key: set ${providerKeyEnvVars[name]} (or use a sim/... model offline)`,
  );
}

export interface RoleModels {
  models: Record<ModelRole, string>;
  /** True when the simulator stands in for every model because no provider is configured. */
  simulatedFallback: boolean;
}

/**
 * The model of each role: with no provider configured at all, the simulator for every role (see
 * simulatedRoleModels; a configured `sim/*` model is kept); otherwise the configured models,
 * each of which must have its key (else `missing_api_key` names the role and the variable).
 * Roles the config leaves out fall back: judge → generator, gold → judge, proposer → generator.
 *
 * @example
 * resolveRoleModels({ generator: "openai/gpt-4o-mini" }, { keys: { openai: key } }).models.judge;
 */
export function resolveRoleModels(configured: Partial<Record<ModelRole, string>>, env: ProviderAccess): RoleModels {
  if (!hasAnyProvider(env)) {
    const simulated = (role: ModelRole) => {
      const model = configured[role];
      return model?.startsWith("sim/") ? model : simulatedRoleModels[role];
    };
    const models = Object.fromEntries(modelRoles.map((role) => [role, simulated(role)])) as Record<ModelRole, string>;
    return { models, simulatedFallback: true };
  }
  const models = configuredRoleModels(configured);
  for (const role of modelRoles) requireModelKey(models[role], env, `models.${role}`);
  return { models, simulatedFallback: false };
}

/**
 * The model of each role as the config names it, whatever keys are set: roles left out fall
 * back judge → generator, gold → judge, proposer → generator (the generator to the simulator).
 *
 * @example
 * configuredRoleModels({ generator: "openai/gpt-4o-mini" }).gold; // "openai/gpt-4o-mini"
 */
export function configuredRoleModels(configured: Partial<Record<ModelRole, string>>): Record<ModelRole, string> {
  const generator = configured.generator ?? simulatedRoleModels.generator;
  const judge = configured.judge ?? generator;
  return { generator, judge, gold: configured.gold ?? judge, proposer: configured.proposer ?? generator };
}
