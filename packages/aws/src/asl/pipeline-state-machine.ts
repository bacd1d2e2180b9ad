import type { AslDefinition, AslTaskState } from "./asl-types.ts";
import { dispatchState, roundWaitState } from "./job-round-states.ts";
import { catchAll, lambdaInvoke, lambdaRetriers, lambdaTask } from "./lambda-task.ts";
import { runFailedError } from "./optimizer-state-machine.ts";

/** Step Functions' integration that runs another state machine and waits for its end. */
export const startExecutionSync = "arn:aws:states:::states:startExecution.sync:2";

/** The pipeline's Lambda steps; each is the handler `functions/steps/<step>.ts`. */
export const pipelineSteps = ["run-stages", "dispatch", "sweep", "record-failure"] as const;

export type PipelineStep = (typeof pipelineSteps)[number];

/** Which step each Lambda Task state of the machine runs (what a local run overrides, by state name). */
export const pipelineTaskStates = {
  RunStages: "run-stages",
  DispatchStageJobs: "dispatch",
  SweepStageJobs: "sweep",
  RecordFailure: "record-failure",
} as const satisfies Record<string, PipelineStep>;

/** The Task state that runs a stage's optimization as an execution of the optimizer's machine. */
export const pipelineOptimizeState = "Optimize";

export interface PipelineStateMachineOptions {
  /** The ARN of each step's function. */
  functionArns: Record<PipelineStep, string>;
  /** The optimizer's state machine, which runs each optimization a stage hands over. */
  optimizerStateMachineArn: string;
  /** The job queue stage jobs go to (the optimizer's, drained by the same workers). */
  queueUrl: string;
  /** Task timeout of RunStages; default 930 s (the function's own timeout is 900 s). */
  stepTimeoutSeconds?: number;
  /**
   * How long the Optimize state waits for its nested optimizer execution; default
   * `defaultOptimizeTimeoutSeconds` (7 days). Always explicit: without it AWS waits forever and
   * aws-local-stepfunctions (following the ASL spec) gives up after 60 s.
   */
  optimizeTimeoutSeconds?: number;
  /** Bound on the whole execution; default none. */
  executionTimeoutSeconds?: number;
}

/**
 * The default bound on one nested optimization: days, because an optimization of a large judge set
 * at the burst bound, with other runs sharing the workers, can take more than one. A Task with no
 * TimeoutSeconds would wait forever on AWS and 60 s on the emulator, where that wait is what ended
 * aws:local's judge-optimize with States.Timeout on a loaded machine.
 */
export const defaultOptimizeTimeoutSeconds = 7 * 24 * 3600;

const failureStep = "RecordFailure";

/**
 * The pipeline's state machine (JSONPath ASL): RunStages (the run engine goes through the stages
 * from where the run stands, planning and collecting) → Waiting? → either (Stage round wait →) DispatchStageJobs (a
 * stage pass's jobs go to the job queue, one per example, and the machine waits for the worker
 * that settles the last one to send the task token; a timeout goes to SweepStageJobs, which
 * re-drives the missing jobs, as in the optimizer's rounds) or Optimize (the optimizer's own
 * state machine, run with `states:startExecution.sync:2` on the optimize run the stage created,
 * named after it so a retried start starts nothing twice) → RunStages again, until the run
 * ends. RunStages makes no LM call: every per-example call is a job. Any uncaught error goes to
 * RecordFailure, which marks the run failed.
 *
 * @example
 * const definition = pipelineStateMachine({ functionArns, optimizerStateMachineArn });
 */
export function pipelineStateMachine(options: PipelineStateMachineOptions): AslDefinition {
  const stepTimeoutSeconds = options.stepTimeoutSeconds ?? 930;
  const runStages = lambdaTask({
    functionArn: options.functionArns["run-stages"],
    comment: "Runs the pipeline's stages until the run ends or a stage waits for its optimization",
    next: "Waiting?",
    onError: failureStep,
    timeoutSeconds: stepTimeoutSeconds,
  });
  runStages.Parameters = { FunctionName: options.functionArns["run-stages"], Payload: { "runId.$": "$.runId" } };
  // A pass cut short by the function's timeout resumes the stage; its repeated calls are cache hits.
  runStages.Retry = [
    ...lambdaRetriers(),
    { ErrorEquals: ["States.Timeout"], IntervalSeconds: 5, MaxAttempts: 2, BackoffRate: 2 },
  ];
  const definition: AslDefinition = {
    Comment:
      "judgeloop pipeline: the run engine's stages as Lambda passes, each optimization a nested optimizer execution",
    StartAt: "RunStages",
    States: {
      RunStages: runStages,
      "Waiting?": {
        Type: "Choice",
        Comment: "A pass that stopped at a stage pass's jobs names their round; at an optimization, the optimize run",
        Choices: [
          { Variable: "$.jobs", IsPresent: true, Next: "Stage round wait" },
          { Variable: "$.waitingFor", IsPresent: true, Next: pipelineOptimizeState },
        ],
        Default: "Succeeded",
      },
      "Stage round wait": roundWaitState({ cursorPath: "$.jobs", next: "DispatchStageJobs" }),
      DispatchStageJobs: dispatchState({
        functionArn: options.functionArns.dispatch,
        queueUrl: options.queueUrl,
        next: "RunStages",
        sweep: "SweepStageJobs",
        onError: failureStep,
      }),
      SweepStageJobs: sweepStageJobsState(options),
      "Next attempt": {
        Type: "Pass",
        Comment: "The swept round's next attempt, for Dispatch to wait on with a fresh token",
        Parameters: { "runId.$": "$.runId", "jobs.$": "$.swept.Payload" },
        Next: "Stage round wait",
      },
      [pipelineOptimizeState]: optimizeState(
        options.optimizerStateMachineArn,
        options.optimizeTimeoutSeconds ?? defaultOptimizeTimeoutSeconds,
      ),
      RecordFailure: lambdaTask({
        functionArn: options.functionArns["record-failure"],
        comment: "Marks the run failed with the error",
        next: "Failed",
        onError: "Failed",
        timeoutSeconds: 60,
      }),
      Succeeded: { Type: "Succeed" },
      Failed: { Type: "Fail", Error: runFailedError, Cause: "the pipeline failed; the run record says why" },
    },
  };
  if (options.executionTimeoutSeconds !== undefined) definition.TimeoutSeconds = options.executionTimeoutSeconds;
  return definition;
}

/** Settles dead letters of a stage round and re-enqueues its missing jobs; its new cursor goes under `$.swept`. */
function sweepStageJobsState(options: PipelineStateMachineOptions): AslTaskState {
  return {
    Type: "Task",
    Comment: "Settles dead letters and re-enqueues the stage round's missing jobs",
    Resource: lambdaInvoke,
    Parameters: {
      FunctionName: options.functionArns.sweep,
      Payload: { "cursor.$": "$.jobs", queueUrl: options.queueUrl },
    },
    ResultPath: "$.swept",
    TimeoutSeconds: 330,
    Retry: lambdaRetriers(),
    Catch: [catchAll(failureStep)],
    Next: "Next attempt",
  };
}

/** Runs the optimizer's machine on the waiting optimize run and goes back to RunStages with the same state. */
function optimizeState(optimizerStateMachineArn: string, timeoutSeconds: number): AslTaskState {
  return {
    Type: "Task",
    Comment: "Runs the stage's optimization as a child execution of the optimizer's state machine",
    Resource: startExecutionSync,
    Parameters: {
      StateMachineArn: optimizerStateMachineArn,
      "Name.$": "$.waitingFor.runId",
      Input: {
        "runId.$": "$.waitingFor.runId",
        "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id",
      },
    },
    ResultPath: null,
    TimeoutSeconds: timeoutSeconds,
    Retry: [
      {
        ErrorEquals: ["StepFunctions.AWSStepFunctionsException", "StepFunctions.SdkClientException"],
        IntervalSeconds: 2,
        MaxAttempts: 4,
        BackoffRate: 2,
        JitterStrategy: "FULL",
      },
    ],
    Catch: [
      // Started before (a retried Task): RunStages reads how the optimize run ended.
      { ErrorEquals: ["StepFunctions.ExecutionAlreadyExistsException"], ResultPath: null, Next: "RunStages" },
      catchAll(failureStep),
    ],
    Next: "RunStages",
  };
}
