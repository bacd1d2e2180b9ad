import { JudgeloopError } from "@judgeloop/core";
import { Resource } from "sst/resource";
import { z } from "zod";

/**
 * What a function needs to find its resources, read once per cold start from the resources SST
 * links to it (`Storage`, `JobQueues`, `Workflow`, `Pipeline`, the secrets) and from a few variables.
 */
export interface FunctionSettings {
  bucketName: string;
  tableName: string;
  /** The job queue pair; absent in functions not linked to `JobQueues` (the nightly job). */
  queues?: { queueUrl: string; deadLetterQueueUrl: string; maxReceives: number };
  /** The optimizer's state machine; absent in functions not linked to `Workflow`. */
  stateMachineArn?: string;
  /** The pipeline's state machine; absent in functions not linked to `Pipeline`. */
  pipelineStateMachineArn?: string;
  /** Service endpoints for emulators (`JUDGELOOP_ENDPOINT_S3`, `_SQS`, `_DYNAMODB`, `_SFN`); absent: AWS. */
  endpoints: Partial<Record<"s3" | "sqs" | "dynamodb" | "sfn", string>>;
  region?: string;
}

/** Provider keys and endpoints, from the linked secrets (or the usual variables). */
export interface ProviderSecrets {
  keys: Partial<Record<"openai" | "anthropic" | "gemini", string>>;
  /** `OPENAI_BASE_URL`, `ANTHROPIC_BASE_URL`, `GEMINI_BASE_URL`: a proxy or a test server. */
  baseURLs: Partial<Record<"openai" | "anthropic" | "gemini", string>>;
}

const storageSchema = z.object({ bucketName: z.string().min(1), tableName: z.string().min(1) });
const queuesSchema = z.object({
  queueUrl: z.string().min(1),
  deadLetterQueueUrl: z.string().min(1),
  /** The redrive `maxReceiveCount`: the worker settles a job that fails its last receive. */
  maxReceives: z.coerce.number().int().min(1),
});
const workflowSchema = z.object({ stateMachineArn: z.string().min(1) });
const secretSchema = z.object({ value: z.string() });

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads a linked resource, naming it when it is missing or malformed (never printing its value).
 *
 * @example
 * const { bucketName } = linked("Storage", storageSchema);
 */
function linked<T>(name: string, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = (Resource as unknown as Record<string, unknown>)[name];
  } catch (error) {
    throw new JudgeloopError("not_linked", `${name} is not linked to this function`, { cause: error });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join(".")).join(", ");
    throw new JudgeloopError("bad_link", `linked resource ${name} lacks or mistypes: ${fields}`);
  }
  return parsed.data;
}

function isLinked(name: string): boolean {
  return name in (Resource as unknown as Record<string, unknown>);
}

/**
 * The settings of this function, from its links and environment.
 *
 * @example
 * const settings = readFunctionSettings(process.env);
 */
export function readFunctionSettings(env: Env): FunctionSettings {
  const storage = linked("Storage", storageSchema);
  const endpoints: FunctionSettings["endpoints"] = {};
  for (const service of ["s3", "sqs", "dynamodb", "sfn"] as const) {
    const endpoint = env[`JUDGELOOP_ENDPOINT_${service.toUpperCase()}`]?.trim();
    if (endpoint) endpoints[service] = endpoint;
  }
  const settings: FunctionSettings = { ...storage, endpoints };
  if (isLinked("JobQueues")) settings.queues = linked("JobQueues", queuesSchema);
  if (isLinked("Workflow")) settings.stateMachineArn = linked("Workflow", workflowSchema).stateMachineArn;
  if (isLinked("Pipeline")) settings.pipelineStateMachineArn = linked("Pipeline", workflowSchema).stateMachineArn;
  const region = env.AWS_REGION?.trim();
  if (region) settings.region = region;
  return settings;
}

/**
 * Provider keys from the linked secrets `OpenaiApiKey`, `AnthropicApiKey`, `GeminiApiKey`
 * (falling back to `OPENAI_API_KEY` etc.); an empty secret means the provider is not used.
 *
 * @example
 * const { keys } = readProviderSecrets(process.env);
 */
export function readProviderSecrets(env: Env): ProviderSecrets {
  const sources = {
    openai: ["OpenaiApiKey", "OPENAI_API_KEY", "OPENAI_BASE_URL"],
    anthropic: ["AnthropicApiKey", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"],
    gemini: ["GeminiApiKey", "GEMINI_API_KEY", "GEMINI_BASE_URL"],
  } as const;
  const secrets: ProviderSecrets = { keys: {}, baseURLs: {} };
  for (const [provider, [secret, keyVar, urlVar]] of Object.entries(sources)) {
    const name = provider as keyof typeof sources;
    const key = (isLinked(secret) ? linked(secret, secretSchema).value : env[keyVar])?.trim();
    if (key) secrets.keys[name] = key;
    const url = env[urlVar]?.trim();
    if (url) secrets.baseURLs[name] = url;
  }
  return secrets;
}

/**
 * The API's bearer token: the linked `JudgeloopApiToken` secret, else `JUDGELOOP_API_TOKEN`.
 *
 * @example
 * const token = readApiToken(process.env);
 */
export function readApiToken(env: Env): string {
  const token = isLinked("JudgeloopApiToken")
    ? linked("JudgeloopApiToken", secretSchema).value
    : (env.JUDGELOOP_API_TOKEN ?? "");
  if (token.trim() === "") throw new JudgeloopError("not_linked", "the API has no token: link JudgeloopApiToken");
  return token;
}
