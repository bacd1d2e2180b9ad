import type { AslCatcher, AslRetrier, AslTaskState } from "./asl-types.ts";

/** Step Functions' Lambda integration; the function's return value is under `Payload`. */
export const lambdaInvoke = "arn:aws:states:::lambda:invoke";
/** The same, waiting until someone calls SendTaskSuccess/Failure with the task's token. */
export const lambdaInvokeWaitForToken = "arn:aws:states:::lambda:invoke.waitForTaskToken";

/** The Lambda service's own transient failures, which AWS advises every Lambda task to retry. */
export const lambdaServiceErrors = [
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
  "Lambda.TooManyRequestsException",
  "Lambda.ClientExecutionTimeoutException",
];

/**
 * Transient failures a handler can surface from the services it calls (throttling, a 5xx, a
 * function that ran out of time). Step handlers are idempotent (each writes its result under a
 * key of its own step), so running one again is safe.
 */
export const transientHandlerErrors = [
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "SlowDown",
  "TimeoutError",
  "Sandbox.Timedout",
];

/** Retry rules of every Lambda task: the service's errors often, the handler's transient ones a few times. */
export function lambdaRetriers(): AslRetrier[] {
  return [
    {
      ErrorEquals: lambdaServiceErrors,
      IntervalSeconds: 2,
      MaxAttempts: 6,
      BackoffRate: 2,
      MaxDelaySeconds: 60,
      JitterStrategy: "FULL",
    },
    {
      ErrorEquals: transientHandlerErrors,
      IntervalSeconds: 5,
      MaxAttempts: 3,
      BackoffRate: 2,
      MaxDelaySeconds: 120,
      JitterStrategy: "FULL",
    },
  ];
}

/** Sends any other error to `next` with the error under `$.error`, so the failure step can record it. */
export function catchAll(next: string): AslCatcher {
  return { ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: next };
}

export interface LambdaTaskOptions {
  functionArn: string;
  comment: string;
  next: string;
  timeoutSeconds: number;
  /** Where any uncaught error goes; omitted for the failure step itself. */
  onError: string;
}

/**
 * A Task that invokes a step function with the whole state as its event and makes the
 * function's return value the new state (`OutputPath: $.Payload`): step handlers return the
 * small cursor (run id, step, S3 keys, flags) that the next state needs.
 *
 * @example
 * lambdaTask({ functionArn, comment: "Plans the run", next: "Bootstrap", timeoutSeconds: 330, onError: "RecordFailure" });
 */
export function lambdaTask(options: LambdaTaskOptions): AslTaskState {
  return {
    Type: "Task",
    Comment: options.comment,
    Resource: lambdaInvoke,
    Parameters: { FunctionName: options.functionArn, "Payload.$": "$" },
    OutputPath: "$.Payload",
    TimeoutSeconds: options.timeoutSeconds,
    Retry: lambdaRetriers(),
    Catch: [catchAll(options.onError)],
    Next: options.next,
  };
}
