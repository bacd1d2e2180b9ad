import type { AslDefinition, AslState, AslTaskState } from "./asl-types.ts";
import { dispatchState, roundWaitState } from "./job-round-states.ts";
import { lambdaTask } from "./lambda-task.ts";

/** The state machine's Lambda steps; each is the handler `functions/steps/<step>.ts`. */
export const optimizerSteps = [
  "prepare",
  "bootstrap",
  "propose",
  "suggest",
  "dispatch",
  "observe",
  "sweep",
  "finalize",
  "record-failure",
] as const;

export type OptimizerStep = (typeof optimizerSteps)[number];

/** Which step each Task state of the machine runs (what a local run overrides, by state name). */
export const optimizerTaskStates = {
  Prepare: "prepare",
  Bootstrap: "bootstrap",
  Propose: "propose",
  Suggest: "suggest",
  Dispatch: "dispatch",
  Observe: "observe",
  Sweep: "sweep",
  Finalize: "finalize",
  RecordFailure: "record-failure",
} as const satisfies Record<string, OptimizerStep>;

/** The error a failed run's execution ends with. */
export const runFailedError = "judgeloop.RunFailed";

export interface OptimizerStateMachineOptions {
  /** The ARN of each step's function. */
  functionArns: Record<OptimizerStep, string>;
  /** The job queue Dispatch and Sweep send jobs to (passed to them in their event). */
  queueUrl: string;
  /** A heartbeat bound for Dispatch; off by default (workers report rounds, not heartbeats). */
  heartbeatSeconds?: number;
  /** Task timeout of every other step; default 330 s (the step functions' own timeout is 300 s). */
  stepTimeoutSeconds?: number;
  /** Bound on the whole execution; default none (Step Functions' own year). */
  executionTimeoutSeconds?: number;
}

const failureStep = "RecordFailure";

/**
 * The optimizer's state machine (JSONPath ASL), the same for MIPRO and GEPA: Prepare → loop
 * { Next step → Bootstrap | Propose | Observe → Done? → Suggest → Round wait → Dispatch
 * (`lambda:invoke.waitForTaskToken`: the jobs go to SQS, the worker that completes the round's
 * last job sends the token; it waits as long as Suggest sized the round's wait) } → Finalize. Which Task takes a state next is the cursor's `next`,
 * set by the optimizer itself (MIPRO: Bootstrap for its teacher traces, Propose for its
 * proposals, Observe for its trials; GEPA: Observe for every round). The optimizer's state
 * lives in S3; states pass only a small cursor (run id, step, keys, flags). Every Task retries
 * the Lambda service's transient errors with backoff and sends any other error to
 * RecordFailure, which marks the run failed before the execution fails. When Dispatch times
 * out (a lost token, a stuck job), Sweep settles dead letters, re-enqueues the missing jobs and
 * goes back to Dispatch.
 *
 * @example
 * const definition = optimizerStateMachine({ functionArns, queueUrl });
 * new aws.sfn.StateMachine("Optimizer", { definition: JSON.stringify(definition), roleArn });
 */
export function optimizerStateMachine(options: OptimizerStateMachineOptions): AslDefinition {
  const task = (step: OptimizerStep, comment: string, next: string, onError = failureStep): AslTaskState =>
    lambdaTask({
      functionArn: options.functionArns[step],
      comment,
      next,
      onError,
      timeoutSeconds: options.stepTimeoutSeconds ?? 330,
    });
  const states: Record<string, AslState> = {
    Prepare: task("prepare", "Reads the run's input, plans the optimization, stores its state", "Next step"),
    "Next step": {
      Type: "Choice",
      Comment: "The Task that takes the state next, as the optimizer says (the cursor's next)",
      Choices: [
        { Variable: "$.next", StringEquals: "bootstrap", Next: "Bootstrap" },
        { Variable: "$.next", StringEquals: "propose", Next: "Propose" },
      ],
      Default: "Observe",
    },
    Bootstrap: task("bootstrap", "MIPRO: starts or continues bootstrapping demos from teacher traces", "Done?"),
    Suggest: task("suggest", "Writes the jobs the current step waits for to S3", "Round wait"),
    "Round wait": roundWaitState({ cursorPath: "$", next: "Dispatch" }),
    Dispatch: dispatchState({
      functionArn: options.functionArns.dispatch,
      queueUrl: options.queueUrl,
      next: "Next step",
      sweep: "Sweep",
      onError: failureStep,
      ...(options.heartbeatSeconds !== undefined && { heartbeatSeconds: options.heartbeatSeconds }),
    }),
    Propose: task("propose", "MIPRO: collects instruction proposals and starts the search", "Done?"),
    Observe: task(
      "observe",
      "Takes the round's evaluations (MIPRO's trials, GEPA's rounds), records them, plans the next round",
      "Done?",
    ),
    "Done?": {
      Type: "Choice",
      Choices: [{ Variable: "$.done", BooleanEquals: true, Next: "Finalize" }],
      Default: "Suggest",
    },
    Sweep: sweepState(options),
    Finalize: task("finalize", "Stores the best program and ends the run", "Succeeded"),
    RecordFailure: task("record-failure", "Marks the run failed with the error", "Failed", "Failed"),
    Succeeded: { Type: "Succeed" },
    Failed: { Type: "Fail", Error: runFailedError, Cause: "the optimization failed; the run record says why" },
  };
  const definition: AslDefinition = {
    Comment: "judgeloop optimizer: MIPRO or GEPA steps as Lambda tasks, jobs through SQS",
    StartAt: "Prepare",
    States: states,
  };
  if (options.executionTimeoutSeconds !== undefined) definition.TimeoutSeconds = options.executionTimeoutSeconds;
  return definition;
}

/** Like any step, but its event also names the job queue, as Dispatch's does. */
function sweepState(options: OptimizerStateMachineOptions): AslTaskState {
  const state = lambdaTask({
    functionArn: options.functionArns.sweep,
    comment: "Settles dead letters and re-enqueues the round's missing jobs",
    next: "Round wait",
    onError: failureStep,
    timeoutSeconds: options.stepTimeoutSeconds ?? 330,
  });
  state.Parameters = {
    FunctionName: options.functionArns.sweep,
    Payload: { "cursor.$": "$", queueUrl: options.queueUrl },
  };
  return state;
}
