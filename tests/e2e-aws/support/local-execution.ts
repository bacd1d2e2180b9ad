import { type OptimizerStep, optimizerStateMachine, optimizerSteps, optimizerTaskStates } from "@judgeloop/aws";
import { StateMachine } from "aws-local-stepfunctions";
import { handler as bootstrap } from "../../../functions/steps/bootstrap.ts";
import { handler as dispatch } from "../../../functions/steps/dispatch.ts";
import { handler as finalize } from "../../../functions/steps/finalize.ts";
import { handler as observe } from "../../../functions/steps/observe.ts";
import { handler as prepare } from "../../../functions/steps/prepare.ts";
import { handler as propose } from "../../../functions/steps/propose.ts";
import { handler as recordFailure } from "../../../functions/steps/record-failure.ts";
import { handler as suggest } from "../../../functions/steps/suggest.ts";
import { handler as sweep } from "../../../functions/steps/sweep.ts";
import type { SfnWireServer } from "../../contract/aws/sfn-wire-server.ts";

type StepHandler = (event: unknown) => Promise<unknown>;
type RunOptions = NonNullable<Parameters<StateMachine["run"]>[1]>;
type TaskOverrides = NonNullable<NonNullable<RunOptions["overrides"]>["taskResourceLocalHandlers"]>;

/** The real step handlers, by step. */
export const stepHandlers: Record<OptimizerStep, StepHandler> = {
  prepare,
  bootstrap,
  propose,
  suggest,
  dispatch,
  observe,
  sweep,
  finalize,
  "record-failure": recordFailure,
};

export interface LocalExecutionOptions {
  sfn: SfnWireServer;
  queueUrl: string;
  /**
   * A fixed Dispatch wait for this test's rounds: sets the sizing's floor and cap
   * (`JUDGELOOP_DISPATCH_TIMEOUT_SECONDS`, `JUDGELOOP_DISPATCH_MAX_SECONDS`) to it, as a
   * deployment with those settings would. Omitted: the rounds are sized by the environment as it is.
   */
  dispatchTimeoutSeconds?: number;
  /** True for a Dispatch attempt whose token is "lost": its settlement never reaches the execution. */
  loseToken?: (round: { step: number; attempt: number }) => boolean;
  /** Task timeout of the optimizer's other steps; default the deployed one (330 s). A loaded machine may need more. */
  stepTimeoutSeconds?: number;
  /** Told each step function's invocation and how long it ran (Dispatch without its wait), for benches. */
  onInvocation?: (step: string, ms: number) => void;
  /**
   * True for an invocation whose response is lost after the handler ran (the Task then fails
   * with Lambda.ServiceException, which its Retry runs again): how a step crashes mid-run.
   */
  loseResponse?: (step: OptimizerStep, payload: unknown) => boolean;
  /**
   * How long after the round's wait the emulated token itself times out on the wire server
   * (default 200 ms). The simulator's own TimeoutSecondsPath timer raises States.Timeout first;
   * a test of that timer makes this long, so a timeout it sees cannot have come from here.
   */
  tokenGraceMs?: number;
  /** Told each Dispatch's cursor (with its sized `dispatchWaitSeconds`) as its wait starts. */
  onDispatch?: (cursor: { step: number; attempt?: number; dispatchWaitSeconds?: number }) => void;
}

/**
 * Calls a step handler as one Lambda invocation, reporting its duration.
 *
 * @example
 * const output = await invokeStep("observe", stepHandlers.observe, payload, options);
 */
export async function invokeStep(
  step: string,
  handler: StepHandler,
  payload: unknown,
  options: Pick<LocalExecutionOptions, "onInvocation">,
): Promise<unknown> {
  const started = performance.now();
  try {
    return await handler(payload);
  } finally {
    options.onInvocation?.(step, performance.now() - started);
  }
}

/** One execution: its result (the Succeed state's output) and what happened on the way. */
export interface LocalExecution {
  result: Promise<unknown>;
  /** Step names in the order their tasks ran. */
  readonly trail: string[];
  /** Stops the execution as StopExecution does: no further state runs, the result rejects. */
  abort(): void;
}

/**
 * Runs the optimizer's ASL on aws-local-stepfunctions, each Task calling the real step handler
 * in this process with the event Step Functions' Lambda integration would pass (`Payload`), and
 * wrapping its return value the same way. `.waitForTaskToken` is emulated in Dispatch: it gets
 * a token from the Step Functions wire server (where the workers' SfnTaskTokens send their
 * callbacks over HTTP), calls the dispatch handler with it, and settles when that token is
 * sent; a token not sent in time is timed out on the server (later sends fail as on AWS) while
 * the simulator's TimeoutSeconds raises States.Timeout.
 *
 * @example
 * const execution = runLocalExecution({ runId: "run-1" }, { sfn, queueUrl, dispatchTimeoutSeconds: 30 });
 * await execution.result;
 */
export function runLocalExecution(input: { runId: string }, options: LocalExecutionOptions): LocalExecution {
  const functionArns = Object.fromEntries(
    optimizerSteps.map((step) => [step, `arn:aws:lambda:us-east-1:123456789012:function:judgeloop-${step}`]),
  ) as Record<OptimizerStep, string>;
  fixDispatchWait(options.dispatchTimeoutSeconds);
  const definition = optimizerStateMachine({
    functionArns,
    queueUrl: options.queueUrl,
    ...(options.stepTimeoutSeconds !== undefined && { stepTimeoutSeconds: options.stepTimeoutSeconds }),
  });
  const machine = new StateMachine(JSON.parse(JSON.stringify(definition)), {
    validationOptions: { checkArn: true, checkPaths: true },
  });
  const trail: string[] = [];
  const overrides = Object.fromEntries(
    Object.entries(optimizerTaskStates).map(([stateName, step]) => [
      stateName,
      async (event: { Payload: unknown }) => {
        trail.push(step);
        if (step === "dispatch") return waitForTaskToken(event.Payload, options);
        const output = await invokeStep(step, stepHandlers[step], event.Payload, options);
        if (options.loseResponse?.(step, event.Payload)) {
          throw Object.assign(new Error("the invocation's response was lost"), { name: "Lambda.ServiceException" });
        }
        return { Payload: output, StatusCode: 200 };
      },
    ]),
  );
  const execution = machine.run(input, {
    overrides: { taskResourceLocalHandlers: overrides as unknown as TaskOverrides },
    context: {
      Execution: { Id: `local:${input.runId}`, Name: input.runId, Input: input, StartTime: new Date().toISOString() },
      Task: { Token: "replaced-by-the-dispatch-override" },
    },
  });
  return { result: execution.result, trail, abort: () => execution.abort() };
}

/**
 * Dispatch as `lambda:invoke.waitForTaskToken` runs it: the handler gets a fresh token from the
 * wire server; the Task settles when a worker sends it, or raises States.Timeout.
 *
 * @example
 * await waitForTaskToken(event.Payload, { sfn, queueUrl, dispatchTimeoutSeconds: 30 });
 */
export async function waitForTaskToken(payload: unknown, options: LocalExecutionOptions): Promise<{ Payload: null }> {
  const event = payload as { cursor: { step: number; attempt?: number; dispatchWaitSeconds?: number } };
  const token = options.sfn.issueToken();
  await invokeStep("dispatch", stepHandlers.dispatch, { ...(payload as object), taskToken: token }, options);
  options.onDispatch?.(event.cursor);
  const round = { step: event.cursor.step, attempt: event.cursor.attempt ?? 0 };
  const lost = options.loseToken?.(round) ?? false;
  // The simulator raises States.Timeout after the round's TimeoutSecondsPath; the token times out with it.
  const waitSeconds = event.cursor.dispatchWaitSeconds ?? options.dispatchTimeoutSeconds ?? 60;
  const deadline = Date.now() + waitSeconds * 1000 + (options.tokenGraceMs ?? 200);
  while (Date.now() < deadline) {
    const state = options.sfn.tokenState(token);
    if (!lost && state === "succeeded") return { Payload: null };
    if (!lost && state === "failed")
      throw Object.assign(new Error("a worker sent task failure"), { name: "judgeloop.TaskFailed" });
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  if (options.sfn.tokenState(token) === "waiting") options.sfn.timeOut(token);
  throw Object.assign(new Error("the task token was not sent in time"), { name: "States.Timeout" });
}

/**
 * Sets the round-wait sizing to a fixed wait (floor = cap = `seconds`), as a deployment with
 * those settings; nothing when `seconds` is undefined.
 *
 * @example
 * fixDispatchWait(30);
 */
export function fixDispatchWait(seconds: number | undefined): void {
  if (seconds === undefined) return;
  process.env.JUDGELOOP_DISPATCH_TIMEOUT_SECONDS = String(seconds);
  process.env.JUDGELOOP_DISPATCH_MAX_SECONDS = String(seconds);
}
