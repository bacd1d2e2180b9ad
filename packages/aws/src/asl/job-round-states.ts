import type { AslPassState, AslTaskState } from "./asl-types.ts";
import { catchAll, lambdaInvokeWaitForToken, lambdaRetriers } from "./lambda-task.ts";

/**
 * Where a round's sized wait is read: the round's cursor carries `dispatchWaitSeconds`
 * (`functions/optimizer/round-wait.ts`), copied under `Payload.cursor` by the wait state.
 *
 * The path must resolve in two places that differ: AWS resolves `TimeoutSecondsPath` against the
 * state's input, aws-local-stepfunctions 3.0.0 against the input after `Parameters`
 * (`TaskStateAction.getTimeoutMs` is handed the processed input). With the cursor under
 * `$.Payload.cursor` in the state's input and Dispatch's `Parameters.Payload.cursor` taken from
 * there, the same path names the same number in both.
 */
export const dispatchWaitPath = "$.Payload.cursor.dispatchWaitSeconds";

export interface RoundWaitStateOptions {
  /** Where the round's cursor is in the state: `$` (the optimizer's cursor) or `$.jobs` (a stage round). */
  cursorPath: string;
  /** The Dispatch state. */
  next: string;
}

/**
 * The Pass state before Dispatch: puts the round's cursor under `$.Payload.cursor` (beside the rest
 * of the state, which it keeps) so the Dispatch Task can take its timeout from
 * `dispatchWaitPath` on AWS and on the emulator alike.
 *
 * @example
 * roundWaitState({ cursorPath: "$.jobs", next: "DispatchStageJobs" });
 */
export function roundWaitState(options: RoundWaitStateOptions): AslPassState {
  return {
    Type: "Pass",
    Comment:
      "Places the round's cursor (with its sized dispatchWaitSeconds) where Dispatch's TimeoutSecondsPath reads it",
    Parameters: { "cursor.$": options.cursorPath },
    ResultPath: "$.Payload",
    Next: options.next,
  };
}

export interface DispatchStateOptions {
  /** The Dispatch function (`functions/steps/dispatch.ts`). */
  functionArn: string;
  /** The job queue the jobs go to. */
  queueUrl: string;
  /** The state after the round's last job settled. */
  next: string;
  /** The Sweep state a timed-out wait goes to. */
  sweep: string;
  /** Where any other error goes. */
  onError: string;
  heartbeatSeconds?: number;
}

/**
 * The Task that starts a round of jobs on the job queue and waits for it
 * (`lambda:invoke.waitForTaskToken`: the worker that settles the round's last job sends the
 * token), shared by the optimizer's rounds and the pipeline's stage rounds. It follows a
 * `roundWaitState`, and waits as long as the round's cursor says (`TimeoutSecondsPath`), a wait
 * sized by the work queued ahead of the round and its own jobs. A timeout goes to the sweep with
 * the error under `$.timeout`; any other error to `onError`.
 *
 * @example
 * dispatchState({ functionArn, queueUrl, next: "RunStages", sweep: "SweepStageJobs", onError: "RecordFailure" });
 */
export function dispatchState(options: DispatchStateOptions): AslTaskState {
  const state: AslTaskState = {
    Type: "Task",
    Comment: "Enqueues the round's jobs; the worker that completes the last one sends the task token",
    Resource: lambdaInvokeWaitForToken,
    Parameters: {
      FunctionName: options.functionArn,
      Payload: { "cursor.$": "$.Payload.cursor", "taskToken.$": "$$.Task.Token", queueUrl: options.queueUrl },
    },
    ResultPath: null,
    TimeoutSecondsPath: dispatchWaitPath,
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
