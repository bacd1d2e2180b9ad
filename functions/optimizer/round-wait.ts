import { JudgeloopError } from "@judgeloop/core";
import { dispatchWaitSeconds, stepFunctionsMaxWaitSeconds } from "./round-sizing.ts";

/**
 * What a round's Dispatch wait is sized from, besides the round itself: deploy-time figures the
 * stacks put in the step functions' environment (`stacks/settings.ts`, `roundWaitEnvironment`).
 */
export interface RoundWaitSettings {
  /** The shortest wait (`JUDGELOOP_DISPATCH_TIMEOUT_SECONDS`): a worker timeout plus a redelivery, at least. */
  floorSeconds: number;
  /** The longest wait (`JUDGELOOP_DISPATCH_MAX_SECONDS`); default Step Functions' one-year maximum. */
  maxSeconds: number;
  /** Seconds one job holds a worker slot (`JUDGELOOP_SECONDS_PER_JOB`), from measured figures. */
  secondsPerJob: number;
  /** Jobs the workers run at once (`JUDGELOOP_WORKER_CONCURRENCY`): invocations × batch size. */
  workerConcurrency: number;
}

/**
 * The defaults when a variable is not set: the old fixed wait as the floor, and the worker share
 * of the default burst bound of 10 (2 invocations × 4 jobs, `burstShares(10)`). Five seconds per
 * job rounds up the longest worker batch the emulated bench measured (4.8–5.9 s for 10
 * concurrent jobs, docs/aws.md "Measured per job"); real providers at 2 s a call land near it.
 */
export const defaultRoundWaitSettings: RoundWaitSettings = {
  floorSeconds: 900,
  maxSeconds: stepFunctionsMaxWaitSeconds,
  secondsPerJob: 5,
  workerConcurrency: 8,
};

/** The variables `readRoundWaitSettings` reads. */
export const roundWaitEnv = {
  floorSeconds: "JUDGELOOP_DISPATCH_TIMEOUT_SECONDS",
  maxSeconds: "JUDGELOOP_DISPATCH_MAX_SECONDS",
  secondsPerJob: "JUDGELOOP_SECONDS_PER_JOB",
  workerConcurrency: "JUDGELOOP_WORKER_CONCURRENCY",
} as const satisfies Record<keyof RoundWaitSettings, string>;

/**
 * The sizing figures from the environment, each checked and named when malformed. Read per
 * round (not once per container), so a test can size its rounds as a deployment would.
 *
 * @example
 * readRoundWaitSettings({ JUDGELOOP_WORKER_CONCURRENCY: "90" }).workerConcurrency; // 90
 */
export function readRoundWaitSettings(env: Readonly<Record<string, string | undefined>>): RoundWaitSettings {
  const read = (field: keyof RoundWaitSettings, min: number): number => {
    const name = roundWaitEnv[field];
    const text = env[name]?.trim();
    if (text === undefined || text === "") return defaultRoundWaitSettings[field];
    const value = Number(text);
    if (!Number.isFinite(value) || value < min) {
      throw new JudgeloopError("bad_setting", `${name} must be a number >= ${min}, got "${text}"`);
    }
    return value;
  };
  const settings: RoundWaitSettings = {
    floorSeconds: Math.ceil(read("floorSeconds", 1)),
    maxSeconds: Math.min(stepFunctionsMaxWaitSeconds, Math.ceil(read("maxSeconds", 1))),
    secondsPerJob: read("secondsPerJob", 0.001),
    workerConcurrency: Math.max(1, Math.floor(read("workerConcurrency", 1))),
  };
  if (settings.floorSeconds > settings.maxSeconds) {
    throw new JudgeloopError(
      "bad_setting",
      `${roundWaitEnv.floorSeconds} (${settings.floorSeconds}) is above ${roundWaitEnv.maxSeconds} (${settings.maxSeconds})`,
    );
  }
  return settings;
}

/** What sizing a round's wait needs at run time: the queue's backlog and the figures. */
export interface RoundWaitDeps {
  /** Messages waiting in the job queue (SQS ApproximateNumberOfMessages), the round's own not yet sent. */
  queueBacklog(queueUrl?: string): Promise<number>;
  roundWait(): RoundWaitSettings;
}

/**
 * The Dispatch wait of a round of `jobs` about to be (re-)enqueued on the queue at `queueUrl`:
 * the backlog already there drains first, then the round (`dispatchWaitSeconds`). The state
 * machine reads it as the Dispatch Task's `TimeoutSecondsPath`, so a round that only waits its
 * turn behind other runs' jobs is not swept for it.
 *
 * @example
 * const dispatchWaitSeconds = await roundWaitSeconds(deps, round.jobCount, queueUrl);
 */
export async function roundWaitSeconds(deps: RoundWaitDeps, jobs: number, queueUrl?: string): Promise<number> {
  const settings = deps.roundWait();
  const backlogAhead = await deps.queueBacklog(queueUrl);
  return dispatchWaitSeconds(
    {
      jobs,
      backlogAhead,
      secondsPerJob: settings.secondsPerJob,
      workerConcurrency: settings.workerConcurrency,
    },
    { floorSeconds: settings.floorSeconds, maxSeconds: settings.maxSeconds },
  );
}
