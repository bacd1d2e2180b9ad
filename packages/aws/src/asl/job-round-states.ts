import type { AslTaskState } from "./asl-types.ts";
import { catchAll, lambdaInvokeWaitForToken, lambdaRetriers } from "./lambda-task.ts";

/** The default wait of a Dispatch for its round's task token before the sweep re-drives the round. */
export const defaultDispatchTimeoutSeconds = 900;

export interface DispatchStateOptions {
  /** The Dispatch function (`functions/steps/dispatch.ts`). */
  functionArn: string;
  /** The job queue the jobs go to. */
  queueUrl: string;
  /** Where the round's cursor is in the state: `$` (the optimizer's cursor) or `$.jobs` (a stage round). */
  cursorPath: string;
  /** The state after the round's last job settled. */
  next: string;
  /** The Sweep state a timed-out wait goes to. */
  sweep: string;
  /** Where any other error goes. */
  onError: string;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
}

/**
 * The Task that starts a round of jobs on the job queue and waits for it
 * (`lambda:invoke.waitForTaskToken`: the worker that settles the round's last job sends the
 * token), shared by the optimizer's rounds and the pipeline's stage rounds. A timeout goes to
 * the sweep with the error under `$.timeout`; any other error to `onError`.
 *
 * @example
 * dispatchState({ functionArn, queueUrl, cursorPath: "$.jobs", next: "RunStages", sweep: "SweepStageJobs", onError: "RecordFailure" });
 */
export function dispatchState(options: DispatchStateOptions): AslTaskState {
  const state: AslTaskState = {
    Type: "Task",
    Comment: "Enqueues the round's jobs; the worker that completes the last one sends the task token",
    Resource: lambdaInvokeWaitForToken,
    Parameters: {
      FunctionName: options.functionArn,
      Payload: { "cursor.$": options.cursorPath, "taskToken.$": "$$.Task.Token", queueUrl: options.queueUrl },
    },
    ResultPath: null,
    TimeoutSeconds: options.timeoutSeconds ?? defaultDispatchTimeoutSeconds,
    Retry: lambdaRetriers(),
    Catch: [
      { ErrorEquals: ["States.Timeout"], ResultPath: "$.timeout", Next: options.sweep },
      catchAll(options.onError),
    ],
    Next: options.next,
  };
  if (options.heartbeatSeconds !== undefined) state.HeartbeatSeconds = options.heartbeatSeconds;
  return state;
}
