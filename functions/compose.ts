// The one composition root of the Lambda functions: adapters built from the linked resources
// once per cold start (module-level, lazily), shared by every invocation of that container.
import { Logger } from "@aws-lambda-powertools/logger";
import {
  type AdapterLogger,
  type AwsClients,
  awsClients,
  DynamoBudgetLedger,
  DynamoCacheStore,
  DynamoRunStore,
  S3ArtifactStore,
  SfnTaskTokens,
  SfnWorkflowDriver,
  SqsJobQueue,
} from "@judgeloop/aws";
import {
  createLM,
  createProviderLM,
  defaultMaxReceives,
  defaultPrices,
  JudgeloopError,
  type LM,
  preloadProviders,
  RateLimiterRegistry,
  SimLM,
} from "@judgeloop/core";
import type { WorkerDeps } from "./optimizer/deps.ts";
import { jobContextOf, type RunLMFactory } from "./optimizer/job-context.ts";
import { readRoundWaitSettings } from "./optimizer/round-wait.ts";
import { stageJobContextOf } from "./pipeline/stage-job-context.ts";
import { type FunctionSettings, type ProviderSecrets, readFunctionSettings, readProviderSecrets } from "./settings.ts";

/** Everything the handlers take, built from one container's settings. */
export interface FunctionDeps extends WorkerDeps {
  settings: FunctionSettings;
  clients: AwsClients;
  ledger: DynamoBudgetLedger;
  /** Starts and stops optimizer executions; only in functions linked to the workflow. */
  driver(): SfnWorkflowDriver;
  /** Starts and stops pipeline executions; only in functions linked to the pipeline. */
  pipelineDriver(): SfnWorkflowDriver;
  lmFor: RunLMFactory;
  /** Answers repeated LM calls of a pipeline stage that runs again (a retried invocation). */
  cache: DynamoCacheStore;
  /** Readies what models need before their first call: loads the SDKs of their providers only. */
  prepareModels(models: readonly string[]): Promise<void>;
  providers: ProviderSecrets;
  /**
   * Loads every provider SDK (OpenAI, Anthropic, Gemini: most of a bundle's weight) and the
   * model listings, for the nightly check; run LMs load only their own provider's SDK.
   */
  loadProviders(): Promise<ProvidersModule>;
  logger: Logger;
}

type ProvidersModule = typeof import("@judgeloop/core/providers");

let composed: FunctionDeps | undefined;

/**
 * This container's deps, built on first use from the linked resources and the environment.
 *
 * @example
 * export const handler = (event: unknown) => prepareRun(composeDeps(), parse(event).runId);
 */
export function composeDeps(): FunctionDeps {
  composed ??= buildDeps(readFunctionSettings(process.env), readProviderSecrets(process.env));
  return composed;
}

function buildDeps(settings: FunctionSettings, providers: ProviderSecrets): FunctionDeps {
  const logger = new Logger({ serviceName: "judgeloop" });
  const adapterLogger = {
    warn: (message: string, detail?: Record<string, unknown>) => logger.warn(message, detail ?? {}),
  };
  const clients = clientsFor(settings);
  const { tableName } = settings;
  const artifacts = new S3ArtifactStore(clients.s3, { bucket: settings.bucketName });
  const runStore = new DynamoRunStore(clients.dynamodb, { tableName });
  const ledger = new DynamoBudgetLedger(clients.dynamodb, { tableName });
  const queueFor = queueFactory(settings, clients, artifacts, adapterLogger);
  const lmFor = runLMFactory(providers, ledger);
  const prepareModels = (models: readonly string[]) => preloadProviders(models);
  const cache = new DynamoCacheStore(clients.dynamodb, { tableName });
  const contexts = new Map<string, ReturnType<WorkerDeps["jobContext"]>>();
  const stageContexts = new Map<string, ReturnType<WorkerDeps["stageJobContext"]>>();
  return {
    settings,
    clients,
    artifacts,
    runStore,
    ledger,
    queueFor,
    queueBacklog: (queueUrl) => queueFor(queueUrl).visibleCount(),
    // Read per round, not per container: the figures are settings, a test may change them.
    roundWait: () => readRoundWaitSettings(process.env),
    tokens: new SfnTaskTokens(clients.sfn, { logger: adapterLogger }),
    maxReceives: settings.queues?.maxReceives ?? defaultMaxReceives,
    now: () => new Date(),
    driver: () => workflowDriver(clients, settings.stateMachineArn, "Workflow"),
    pipelineDriver: () => workflowDriver(clients, settings.pipelineStateMachineArn, "Pipeline"),
    lmFor,
    cache,
    prepareModels,
    providers,
    loadProviders: providerLoader(),
    logger,
    // A run's program and metric do not change while it runs: build them once per container.
    jobContext(runId) {
      const context = contexts.get(runId) ?? jobContextOf({ artifacts, runStore, lmFor, prepareModels, cache }, runId);
      contexts.set(runId, context);
      context.catch(() => contexts.delete(runId));
      return context;
    },
    stageJobContext(runId) {
      const context =
        stageContexts.get(runId) ?? stageJobContextOf({ artifacts, runStore, lmFor, prepareModels, cache }, runId);
      stageContexts.set(runId, context);
      context.catch(() => stageContexts.delete(runId));
      return context;
    },
  };
}

/** The job queue of a URL (the linked one by default), one adapter per URL. */
function queueFactory(
  settings: FunctionSettings,
  clients: AwsClients,
  overflow: S3ArtifactStore,
  logger: AdapterLogger,
): (queueUrl?: string) => SqsJobQueue {
  const queues = new Map<string, SqsJobQueue>();
  return (queueUrl) => {
    if (!settings.queues) throw new JudgeloopError("not_linked", "JobQueues is not linked to this function");
    const url = queueUrl ?? settings.queues.queueUrl;
    const queue =
      queues.get(url) ??
      new SqsJobQueue(clients.sqs, {
        ...settings.queues,
        queueUrl: url,
        overflow,
        deadLetterArchive: overflow,
        logger,
      });
    queues.set(url, queue);
    return queue;
  };
}

/** Loads `@judgeloop/core/providers` once, on first call. */
function providerLoader(): () => Promise<ProvidersModule> {
  let loading: Promise<ProvidersModule> | undefined;
  return () => {
    loading ??= import("@judgeloop/core/providers");
    return loading;
  };
}

/** Each service's client, pointed at its emulator when an endpoint is set. */
function clientsFor(settings: FunctionSettings): AwsClients {
  const { endpoints, region } = settings;
  const build = (endpoint: string | undefined) =>
    awsClients({
      ...(region !== undefined && { region }),
      ...(endpoint !== undefined && { endpoint, credentials: emulatorCredentials() }),
    });
  return {
    s3: build(endpoints.s3).s3,
    sqs: build(endpoints.sqs).sqs,
    dynamodb: build(endpoints.dynamodb).dynamodb,
    sfn: build(endpoints.sfn).sfn,
  };
}

/** Emulators accept any credentials; the Lambda role's are used everywhere else. */
function emulatorCredentials() {
  return {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "test",
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "test",
  };
}

function workflowDriver(clients: AwsClients, stateMachineArn: string | undefined, link: string): SfnWorkflowDriver {
  if (stateMachineArn === undefined) throw new JudgeloopError("not_linked", `${link} is not linked to this function`);
  return new SfnWorkflowDriver(clients.sfn, { stateMachineArn });
}

/**
 * The worker process's rate limiters: every run and job this container handles shares one
 * limiter per endpoint + model, and what it learned about the provider's limits.
 */
const workerRateLimiters = new RateLimiterRegistry();

/**
 * LMs by (run, model), each built once: priced always, budgeted when the run has caps. `sim/*`
 * models run the simulator here; a provider's LM loads its SDK on its first call.
 */
function runLMFactory(providers: ProviderSecrets, ledger: DynamoBudgetLedger): RunLMFactory {
  const providerLM = (model: string): LM => {
    if (model.startsWith("sim/")) return new SimLM(model);
    return createProviderLM(model, { keys: providers.keys, baseURLs: providers.baseURLs });
  };
  const built = new Map<string, LM>();
  return (model, run) => {
    const key = `${run.runId}\n${model}\n${run.cache ? "cached" : ""}`;
    const existing = built.get(key);
    if (existing) return existing;
    const lm = createLM(model, {
      providerFactory: providerLM,
      prices: run.prices ?? defaultPrices,
      ...(run.budget && { budget: { ledger, runId: run.runId, ...run.budget } }),
      ...(run.cache && { cache: { store: run.cache, mode: "read-write" as const } }),
      rateLimit: { registry: workerRateLimiters },
    });
    built.set(key, lm);
    return lm;
  };
}
