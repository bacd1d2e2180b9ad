// The one composition root of the Lambda functions: adapters built from the linked resources
// once per cold start (module-level, lazily), shared by every invocation of that container.
import { Logger } from "@aws-lambda-powertools/logger";
import {
  type AwsClients,
  awsClients,
  DynamoBudgetLedger,
  DynamoRunStore,
  S3ArtifactStore,
  SfnTaskTokens,
  SfnWorkflowDriver,
  SqsJobQueue,
} from "@judgeloop/aws";
import { createLM, defaultPrices, JudgeloopError, type LM, SimLM } from "@judgeloop/core";
import { createProviderLM } from "@judgeloop/core/providers";
import type { WorkerDeps } from "./optimizer/deps.ts";
import { jobContextOf, type RunLMFactory } from "./optimizer/job-context.ts";
import { type FunctionSettings, type ProviderSecrets, readFunctionSettings, readProviderSecrets } from "./settings.ts";

/** Everything the handlers take, built from one container's settings. */
export interface FunctionDeps extends WorkerDeps {
  settings: FunctionSettings;
  clients: AwsClients;
  ledger: DynamoBudgetLedger;
  /** Starts and stops optimizer executions; only in functions linked to the workflow. */
  driver(): SfnWorkflowDriver;
  lmFor: RunLMFactory;
  providers: ProviderSecrets;
  logger: Logger;
}

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
  const clients = clientsFor(settings);
  const { tableName } = settings;
  const artifacts = new S3ArtifactStore(clients.s3, { bucket: settings.bucketName });
  const runStore = new DynamoRunStore(clients.dynamodb, { tableName });
  const ledger = new DynamoBudgetLedger(clients.dynamodb, { tableName });
  const queues = new Map<string, SqsJobQueue>();
  const queueFor = (queueUrl = settings.queueUrl) => {
    const queue =
      queues.get(queueUrl) ??
      new SqsJobQueue(clients.sqs, {
        queueUrl,
        deadLetterQueueUrl: settings.deadLetterQueueUrl,
        maxReceives: settings.maxReceives,
        overflow: artifacts,
        logger,
      });
    queues.set(queueUrl, queue);
    return queue;
  };
  const lmFor = runLMFactory(providers, ledger);
  const contexts = new Map<string, ReturnType<WorkerDeps["jobContext"]>>();
  return {
    settings,
    clients,
    artifacts,
    runStore,
    ledger,
    queueFor,
    tokens: new SfnTaskTokens(clients.sfn, { logger }),
    maxReceives: settings.maxReceives,
    now: () => new Date(),
    driver: () => workflowDriver(clients, settings),
    lmFor,
    providers,
    logger,
    // A run's program and metric do not change while it runs: build them once per container.
    jobContext(runId) {
      const context = contexts.get(runId) ?? jobContextOf({ artifacts, runStore, lmFor }, runId);
      contexts.set(runId, context);
      context.catch(() => contexts.delete(runId));
      return context;
    },
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

function workflowDriver(clients: AwsClients, settings: FunctionSettings): SfnWorkflowDriver {
  if (settings.stateMachineArn === undefined) {
    throw new JudgeloopError("not_linked", "Workflow is not linked to this function");
  }
  return new SfnWorkflowDriver(clients.sfn, { stateMachineArn: settings.stateMachineArn });
}

/** LMs by (run, model), each built once: priced always, budgeted when the run has caps. */
function runLMFactory(providers: ProviderSecrets, ledger: DynamoBudgetLedger): RunLMFactory {
  const built = new Map<string, LM>();
  return (model, run) => {
    const key = `${run.runId}\n${model}`;
    const existing = built.get(key);
    if (existing) return existing;
    const lm = createLM(model, {
      providerFactory: (name) =>
        createProviderLM(name, { keys: providers.keys, baseURLs: providers.baseURLs, sim: (sim) => new SimLM(sim) }),
      prices: defaultPrices,
      ...(run.budget && { budget: { ledger, runId: run.runId, ...run.budget } }),
    });
    built.set(key, lm);
    return lm;
  };
}
