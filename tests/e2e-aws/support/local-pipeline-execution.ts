import {
  type PipelineStep,
  pipelineOptimizeState,
  pipelineStateMachine,
  pipelineSteps,
  pipelineTaskStates,
} from "@judgeloop/aws";
import { StateMachine } from "aws-local-stepfunctions";
import { handler as dispatch } from "../../../functions/steps/dispatch.ts";
import { handler as recordFailure } from "../../../functions/steps/record-failure.ts";
import { handler as runStages } from "../../../functions/steps/run-stages.ts";
import { handler as sweep } from "../../../functions/steps/sweep.ts";
import { stateMachineArn } from "./aws-stack.ts";
import {
  fixDispatchWait,
  invokeStep,
  type LocalExecutionOptions,
  runLocalExecution,
  waitForTaskToken,
} from "./local-execution.ts";

type RunOptions = NonNullable<Parameters<StateMachine["run"]>[1]>;
type TaskOverrides = NonNullable<NonNullable<RunOptions["overrides"]>["taskResourceLocalHandlers"]>;

const pipelineHandlers: Record<PipelineStep, (event: unknown) => Promise<unknown>> = {
  "run-stages": runStages,
  dispatch,
  sweep,
  "record-failure": recordFailure,
};

/** One pipeline execution: its result and the states that ran, nested optimizer steps included. */
export interface LocalPipelineExecution {
  result: Promise<unknown>;
  /** `run-stages`, `dispatch` / `sweep` per stage round, `optimize:<run>` per nested execution, `record-failure`, in order. */
  readonly trail: string[];
  /** The optimizer steps each nested execution ran, by optimize run id. */
  readonly optimizerTrails: Map<string, string[]>;
  /** Stops the execution as StopExecution does: no further state runs, the result rejects. */
  abort(): void;
}

/**
 * Runs the pipeline's ASL on aws-local-stepfunctions with the real RunStages, Dispatch, Sweep and
 * RecordFailure handlers; DispatchStageJobs' `.waitForTaskToken` is emulated as in the
 * optimizer's executions (the workers draining fauxqs send the token). The Optimize state (`states:startExecution.sync:2` on AWS) is emulated in its task
 * override: it runs the optimizer's own ASL on aws-local-stepfunctions for the optimize run the
 * stage created (see runLocalExecution: real step handlers, jobs through fauxqs, the task token
 * through the Step Functions wire server), and fails as a nested execution would when that one fails.
 *
 * @example
 * const execution = runLocalPipelineExecution({ runId }, { sfn, queueUrl, dispatchTimeoutSeconds: 30 });
 * await execution.result;
 */
export function runLocalPipelineExecution(
  input: { runId: string },
  options: LocalExecutionOptions & {
    /** Called before each nested optimizer execution starts, with its optimize run id (fault injection). */
    beforeOptimize?: (runId: string) => Promise<void>;
    /** Called after each nested optimizer execution ends well, before the next RunStages pass. */
    afterOptimize?: (runId: string) => Promise<void>;
    /** Called with each pipeline step's output (RunStages' pass, Sweep's cursor) before the machine goes on. */
    afterStep?: (step: PipelineStep, output: unknown) => Promise<void>;
  },
): LocalPipelineExecution {
  const functionArns = Object.fromEntries(
    pipelineSteps.map((step) => [step, `arn:aws:lambda:us-east-1:123456789012:function:judgeloop-${step}`]),
  ) as Record<PipelineStep, string>;
  fixDispatchWait(options.dispatchTimeoutSeconds);
  const definition = pipelineStateMachine({
    functionArns,
    optimizerStateMachineArn: stateMachineArn,
    queueUrl: options.queueUrl,
  });
  const machine = new StateMachine(JSON.parse(JSON.stringify(definition)), {
    validationOptions: { checkArn: true, checkPaths: true },
  });
  const trail: string[] = [];
  const optimizerTrails = new Map<string, string[]>();
  const lambdaOverrides = Object.entries(pipelineTaskStates).map(([stateName, step]) => [
    stateName,
    async (event: { Payload: unknown }) => {
      trail.push(step);
      if (step === "dispatch") return waitForTaskToken(event.Payload, options);
      const output = await invokeStep(step, pipelineHandlers[step], event.Payload, options);
      await options.afterStep?.(step, output);
      return { Payload: output, StatusCode: 200 };
    },
  ]);
  const optimize = async (event: { Input: { runId: string } }) => {
    const runId = event.Input.runId;
    trail.push(`optimize:${runId}`);
    await options.beforeOptimize?.(runId);
    const nested = runLocalExecution({ runId }, options);
    optimizerTrails.set(runId, nested.trail);
    try {
      const output = await nested.result;
      await options.afterOptimize?.(runId);
      return { Output: output, Status: "SUCCEEDED" };
    } catch (error) {
      const cause = JSON.stringify({ Status: "FAILED", Error: (error as Error).name, Cause: (error as Error).message });
      throw Object.assign(new Error(cause), { name: "States.TaskFailed" });
    }
  };
  const overrides = Object.fromEntries([...lambdaOverrides, [pipelineOptimizeState, optimize]]);
  const execution = machine.run(input, {
    overrides: { taskResourceLocalHandlers: overrides as unknown as TaskOverrides },
    context: {
      Execution: { Id: `local:${input.runId}`, Name: input.runId, Input: input, StartTime: new Date().toISOString() },
      Task: { Token: "replaced-by-the-dispatch-override" },
    },
  });
  return { result: execution.result, trail, optimizerTrails, abort: () => execution.abort() };
}
