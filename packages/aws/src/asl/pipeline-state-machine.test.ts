import { describe, expect, it } from "vitest";
import { lambdaArnsOf, validateAsl } from "../testing/asl-checks.ts";
import type { AslDefinition, AslTaskState } from "./asl-types.ts";
import { lambdaInvokeWaitForToken, lambdaServiceErrors } from "./lambda-task.ts";
import {
  defaultOptimizeTimeoutSeconds,
  pipelineOptimizeState,
  pipelineStateMachine,
  pipelineSteps,
  startExecutionSync,
} from "./pipeline-state-machine.ts";

const functionArns = lambdaArnsOf(pipelineSteps);
const optimizerStateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:judgeloop-optimizer";
const queueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/judgeloop-jobs";

function machine(): AslDefinition {
  return pipelineStateMachine({ functionArns, optimizerStateMachineArn, queueUrl });
}

function task(definition: AslDefinition, name: string): AslTaskState {
  const state = definition.States[name];
  if (state?.Type !== "Task") throw new Error(`${name} is not a Task state`);
  return state;
}

describe("pipelineStateMachine", () => {
  it("is a valid Amazon States Language definition, paths and ARNs included", () => {
    const result = validateAsl(machine());

    expect(result.errors).toBe("");
    expect(result.isValid).toBe(true);
  });

  it("runs each waiting optimization as a nested optimizer execution named after its run, then goes back to the stages", () => {
    const definition = machine();

    const optimize = task(definition, pipelineOptimizeState);

    expect(optimize.Resource).toBe(startExecutionSync);
    expect(optimize.Parameters).toMatchObject({
      StateMachineArn: optimizerStateMachineArn,
      "Name.$": "$.waitingFor.runId",
      Input: { "runId.$": "$.waitingFor.runId" },
    });
    expect(optimize.ResultPath).toBeNull();
    expect(optimize.Next).toBe("RunStages");
    expect(definition.States["Waiting?"]).toMatchObject({
      Type: "Choice",
      Choices: [
        { Variable: "$.jobs", IsPresent: true, Next: "Stage round wait" },
        { Variable: "$.waitingFor", IsPresent: true, Next: pipelineOptimizeState },
      ],
      Default: "Succeeded",
    });
  });

  it("dispatches a stage pass's round to the job queue, waits for its token as long as the round says, and sweeps it on a timeout", () => {
    const definition = machine();

    const dispatch = task(definition, "DispatchStageJobs");
    const sweep = task(definition, "SweepStageJobs");

    expect(dispatch.Resource).toBe(lambdaInvokeWaitForToken);
    expect(dispatch.Parameters).toEqual({
      FunctionName: functionArns.dispatch,
      Payload: { "cursor.$": "$.Payload.cursor", "taskToken.$": "$$.Task.Token", queueUrl },
    });
    expect(definition.States["Stage round wait"]).toMatchObject({
      Type: "Pass",
      Parameters: { "cursor.$": "$.jobs" },
      ResultPath: "$.Payload",
      Next: "DispatchStageJobs",
    });
    expect(dispatch.TimeoutSecondsPath).toBe("$.Payload.cursor.dispatchWaitSeconds");
    expect(dispatch.TimeoutSeconds).toBeUndefined();
    expect(dispatch.Next).toBe("RunStages");
    expect(dispatch.Catch?.[0]).toEqual({
      ErrorEquals: ["States.Timeout"],
      ResultPath: "$.timeout",
      Next: "SweepStageJobs",
    });
    expect(sweep.Parameters).toEqual({ FunctionName: functionArns.sweep, Payload: { "cursor.$": "$.jobs", queueUrl } });
    expect(sweep.Next).toBe("Next attempt");
    expect(definition.States["Next attempt"]).toMatchObject({
      Type: "Pass",
      Parameters: { "runId.$": "$.runId", "jobs.$": "$.swept.Payload" },
      Next: "Stage round wait",
    });
  });

  it("retries the stages pass on Lambda's transient errors and on a timeout, and records any other failure", () => {
    const definition = machine();

    const runStages = task(definition, "RunStages");

    expect(runStages.Retry?.[0]?.ErrorEquals).toEqual(lambdaServiceErrors);
    expect(runStages.Retry?.some((rule) => rule.ErrorEquals.includes("States.Timeout"))).toBe(true);
    expect(runStages.Parameters).toEqual({
      FunctionName: functionArns["run-stages"],
      Payload: { "runId.$": "$.runId" },
    });
    for (const name of ["RunStages", "DispatchStageJobs", "SweepStageJobs", pipelineOptimizeState]) {
      expect(task(definition, name).Catch?.at(-1), name).toMatchObject({
        ErrorEquals: ["States.ALL"],
        ResultPath: "$.error",
        Next: "RecordFailure",
      });
    }
    expect(task(definition, "RecordFailure").Next).toBe("Failed");
  });

  it("bounds every Task state explicitly, the nested optimization included (AWS would wait forever, the emulator 60 s)", () => {
    const definition = machine();
    const bounded = pipelineStateMachine({
      functionArns,
      optimizerStateMachineArn,
      queueUrl,
      optimizeTimeoutSeconds: 3600,
    });

    const unbounded = Object.entries(definition.States).filter(
      ([, state]) =>
        state.Type === "Task" && state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined,
    );

    expect(unbounded.map(([name]) => name)).toEqual([]);
    expect(task(definition, pipelineOptimizeState).TimeoutSeconds).toBe(defaultOptimizeTimeoutSeconds);
    expect(defaultOptimizeTimeoutSeconds).toBeGreaterThanOrEqual(24 * 3600);
    expect(task(bounded, pipelineOptimizeState).TimeoutSeconds).toBe(3600);
  });
});
