// Deploy-time settings of the stacks. Pure (no SST or Pulumi globals), so tests can check
// the numbers the stacks deploy with.

/** The numbers the stacks are built from; read them with `infraSettings(process.env)`. */
export interface InfraSettings {
  /**
   * The burst bound: the most provider calls in flight across the whole deployment at once.
   * It is split between the only functions that call LMs (`burstShares`): the job queue's
   * workers (every stage's and every optimizer round's per-example calls) and the nightly
   * watch. RunStages and the steps only plan and collect; the API calls no LM.
   */
  readonly burstConcurrency: number;
  /** How `burstConcurrency` is shared out; the parts never add up to more than the bound. */
  readonly burst: BurstShares;
  /** One worker invocation's timeout (a batch of jobs). */
  readonly workerTimeoutSeconds: number;
  /**
   * The job queue's visibility timeout: six times the worker timeout, AWS's advice for Lambda
   * consumers, so a message is never visible again while a worker still holds it.
   */
  readonly jobVisibilityTimeoutSeconds: number;
  /** Receives before SQS dead-letters a job; equals core's `defaultMaxReceives`. */
  readonly maxReceiveCount: number;
  /** Jobs per worker invocation (run concurrently, so the burst share sets it: `burst.workerBatchSize`). */
  readonly workerBatchSize: number;
  /** Timeout of each state-machine step function. */
  readonly stepTimeoutSeconds: number;
  /**
   * The shortest wait of a round's Dispatch for its task token before Sweep re-drives the
   * round's missing jobs; each round's wait is sized above it by the work queued ahead of it
   * (`roundWaitEnvironment`). At least a worker timeout plus a visibility timeout (plus a
   * minute), so a job redelivered after its worker died can still finish first.
   */
  readonly dispatchTimeoutSeconds: number;
  /** The HTTP API function's timeout (API Gateway stops waiting at 30 s). */
  readonly apiTimeoutSeconds: number;
  /** EventBridge Scheduler expression of the nightly model watch, in UTC. */
  readonly nightlySchedule: `cron(${string})`;
  readonly nightlyTimeoutSeconds: number;
  /**
   * How Lambda treats the scheduler's asynchronous invocation of the nightly watch: no retries
   * (Lambda's default is two, on top of EventBridge Scheduler's own), so a failed night is
   * reported and the next night plans from the registry again, never a second half-run.
   */
  readonly nightlyInvokeConfig: { readonly maximumRetryAttempts: 0; readonly maximumEventAgeInSeconds: number };
}

/**
 * The burst bound split between the functions that call LMs. Worker invocations run their
 * batch's jobs concurrently, so the worker share is `workerMaxConcurrency` invocations (the
 * queue subscription's maximum concurrency) times `workerBatchSize` jobs; the nightly watch
 * runs alone (reserved concurrency 1) with `nightlyCallConcurrency` calls at once.
 */
export interface BurstShares {
  readonly workerMaxConcurrency: number;
  readonly workerBatchSize: number;
  /** Reserved concurrency of the nightly function: one night at a time. */
  readonly nightlyReservedConcurrency: 1;
  readonly nightlyCallConcurrency: number;
  /** workerMaxConcurrency × workerBatchSize + nightlyCallConcurrency, never above the bound. */
  readonly callsInFlight: number;
}

const defaults = {
  burstConcurrency: 10,
  /** The most jobs one worker invocation takes (SQS Lambda batches hold up to 10 messages). */
  maxWorkerBatchSize: 10,
  workerTimeoutSeconds: 120,
  nightlySchedule: "cron(0 3 * * ? *)",
} as const;

/** The environment variables `infraSettings` reads at deploy time. */
export const infraSettingsEnv = {
  burstConcurrency: "JUDGELOOP_BURST_CONCURRENCY",
  workerTimeoutSeconds: "JUDGELOOP_WORKER_TIMEOUT_SECONDS",
  nightlySchedule: "JUDGELOOP_NIGHTLY_SCHEDULE",
  dispatchTimeoutSeconds: "JUDGELOOP_DISPATCH_TIMEOUT_SECONDS",
} as const;

/**
 * The stacks' settings: defaults, overridden at deploy time by `JUDGELOOP_BURST_CONCURRENCY`
 * (4–1000), `JUDGELOOP_WORKER_TIMEOUT_SECONDS` (1–900), `JUDGELOOP_DISPATCH_TIMEOUT_SECONDS`
 * (from the redelivery bound up to a day) and `JUDGELOOP_NIGHTLY_SCHEDULE` (a `cron(...)`
 * expression). A bad value fails the deploy with the variable's name.
 *
 * @example
 * infraSettings({ JUDGELOOP_BURST_CONCURRENCY: "25" }).burstConcurrency; // 25
 */
export function infraSettings(env: Readonly<Record<string, string | undefined>>): InfraSettings {
  const burstConcurrency = integerSetting(env, infraSettingsEnv.burstConcurrency, defaults.burstConcurrency, 4, 1000);
  const burst = burstShares(burstConcurrency);
  const workerTimeoutSeconds = integerSetting(
    env,
    infraSettingsEnv.workerTimeoutSeconds,
    defaults.workerTimeoutSeconds,
    1,
    900,
  );
  const jobVisibilityTimeoutSeconds = workerTimeoutSeconds * 6;
  const redeliveryBound = workerTimeoutSeconds + jobVisibilityTimeoutSeconds + 60;
  const dispatchTimeoutSeconds = integerSetting(
    env,
    infraSettingsEnv.dispatchTimeoutSeconds,
    Math.max(900, redeliveryBound),
    redeliveryBound,
    86_400,
  );
  return {
    burstConcurrency,
    burst,
    workerTimeoutSeconds,
    jobVisibilityTimeoutSeconds,
    maxReceiveCount: 5,
    workerBatchSize: burst.workerBatchSize,
    stepTimeoutSeconds: 300,
    dispatchTimeoutSeconds,
    apiTimeoutSeconds: 29,
    nightlySchedule: cronSetting(env, infraSettingsEnv.nightlySchedule, defaults.nightlySchedule),
    nightlyTimeoutSeconds: 900,
    // A night that could not start within an hour is dropped; the next one plans again.
    nightlyInvokeConfig: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 3600 },
  };
}

/**
 * Shares out a burst bound of `bound` calls (≥ 4): a tenth (at least 1) to the nightly watch,
 * the rest to the workers as at least 2 invocations (SQS's minimum maximum concurrency) of at
 * most 10 jobs each.
 *
 * @example
 * burstShares(10); // 2 workers × 4 jobs + 1 nightly call = 9 calls in flight at most
 */
export function burstShares(bound: number): BurstShares {
  const nightlyCallConcurrency = Math.max(1, Math.floor(bound / 10));
  const workerCalls = bound - nightlyCallConcurrency;
  const workerBatchSize = Math.min(defaults.maxWorkerBatchSize, Math.floor(workerCalls / 2));
  const workerMaxConcurrency = Math.floor(workerCalls / workerBatchSize);
  return {
    workerMaxConcurrency,
    workerBatchSize,
    nightlyReservedConcurrency: 1,
    nightlyCallConcurrency,
    callsInFlight: workerMaxConcurrency * workerBatchSize + nightlyCallConcurrency,
  };
}

function integerSetting(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = env[name]?.trim();
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function cronSetting(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: `cron(${string})`,
): `cron(${string})` {
  const text = env[name]?.trim();
  if (text === undefined || text === "") return fallback;
  // EventBridge Scheduler cron has six fields: minutes hours day-of-month month day-of-week year.
  if (!/^cron\(\S+( \S+){5}\)$/.test(text)) {
    throw new Error(`${name} must be a six-field cron(...) expression such as "${fallback}", got "${text}"`);
  }
  return text as `cron(${string})`;
}

/**
 * Names of resources other stacks must know before they exist, derived from the app and
 * stage so every stage gets its own (state machine names allow 80 characters).
 *
 * @example
 * resourceNames("judgeloop", "prod").stateMachine; // "judgeloop-prod-optimizer"
 */
export function resourceNames(app: string, stage: string): { stateMachine: string; pipeline: string } {
  const names = { stateMachine: `${app}-${stage}-optimizer`, pipeline: `${app}-${stage}-pipeline` };
  for (const name of Object.values(names)) {
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
      throw new Error(`state machine name "${name}" must be 1-80 letters, digits, "-" or "_"`);
    }
  }
  return names;
}

/**
 * The single table's key design, as packages/aws/src/dynamo expects it (see its README):
 * string keys `pk`/`sk`, one sparse index `gsi1` (`gsi1pk`/`gsi1sk`, all attributes), and
 * TTL on `expiresAt` (epoch seconds) so expired cache entries are deleted.
 */
export const tableDesign = {
  partitionKey: "pk",
  sortKey: "sk",
  index: { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
  ttlAttribute: "expiresAt",
} as const;

/**
 * The environment of the functions that size a round's Dispatch wait (Suggest, Sweep, RunStages;
 * read by `functions/optimizer/round-wait.ts`): the floor, and the worker slots the burst bound
 * gives (invocations × batch size). Seconds per job keeps the functions' measured default.
 *
 * @example
 * roundWaitEnvironment(infraSettings({})); // { JUDGELOOP_DISPATCH_TIMEOUT_SECONDS: "900", JUDGELOOP_WORKER_CONCURRENCY: "8" }
 */
export function roundWaitEnvironment(settings: InfraSettings): Record<string, string> {
  return {
    JUDGELOOP_DISPATCH_TIMEOUT_SECONDS: String(settings.dispatchTimeoutSeconds),
    JUDGELOOP_WORKER_CONCURRENCY: String(settings.burst.workerMaxConcurrency * settings.burst.workerBatchSize),
  };
}
