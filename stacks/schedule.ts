// The nightly model watch: list each provider's models, diff against the registry, start
// re-optimizations within the nightly budget (packages/core/src/nightly).

import { functionBundling } from "./bundling.ts";
import { nightlyPermissions } from "./policies.ts";
import { dataArns, settings } from "./queues.ts";
import { providerKeys } from "./secrets.ts";
import { storage } from "./storage.ts";
import { workflow } from "./workflow.ts";

/**
 * The watch calls LMs (gold-set re-scores, holdout comparisons), so it runs alone (reserved
 * concurrency 1) with its share of the burst bound as its evaluation concurrency.
 */
export const nightlyFunction = new sst.aws.Function("NightlyFunction", {
  handler: "functions/nightly.handler",
  nodejs: functionBundling,
  timeout: `${settings.nightlyTimeoutSeconds} seconds`,
  memory: "512 MB",
  concurrency: { reserved: settings.burst.nightlyReservedConcurrency },
  environment: { JUDGELOOP_NIGHTLY_CONCURRENCY: String(settings.burst.nightlyCallConcurrency) },
  link: [storage, workflow, ...providerKeys],
  permissions: nightlyPermissions(dataArns),
});

/**
 * EventBridge Scheduler invokes the function asynchronously, and Lambda retries a failed
 * asynchronous invocation twice unless told otherwise: no retries here either, so a failed
 * night is reported and the next night plans from the registry again.
 */
export const nightlyInvokeConfig = new aws.lambda.FunctionEventInvokeConfig("NightlyInvokeConfig", {
  functionName: nightlyFunction.name,
  maximumRetryAttempts: settings.nightlyInvokeConfig.maximumRetryAttempts,
  maximumEventAgeInSeconds: settings.nightlyInvokeConfig.maximumEventAgeInSeconds,
});

/** No retries by the scheduler either (its own RetryPolicy). */
export const nightly = new sst.aws.CronV2("Nightly", {
  schedule: settings.nightlySchedule,
  retries: 0,
  function: nightlyFunction.arn,
});
