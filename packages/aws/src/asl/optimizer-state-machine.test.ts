import { describe, expect, it } from "vitest";
import { lambdaArnsOf, validateAsl } from "../testing/asl-checks.ts";
import type { AslDefinition, AslTaskState } from "./asl-types.ts";
import { lambdaInvokeWaitForToken, lambdaServiceErrors } from "./lambda-task.ts";
import { optimizerStateMachine, optimizerSteps, optimizerTaskStates } from "./optimizer-state-machine.ts";

const functionArns = lambdaArnsOf(optimizerSteps);
const queueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/judgeloop-jobs";

function machine(): AslDefinition {
  return optimizerStateMachine({ functionArns, queueUrl });
}

function tasks(definition: AslDefinition): [string, AslTaskState][] {
  return Object.entries(definition.States).flatMap(([name, state]) =>
    state.Type === "Task" ? [[name, state] as [string, AslTaskState]] : [],
  );
}

describe("optimizerStateMachine", () => {
  it("is a valid Amazon States Language definition, paths and ARNs included", () => {
    const result = validateAsl(machine());

    expect(result.errors).toBe("");
    expect(result.isValid).toBe(true);
  });

  it("runs every step as a Task state that retries Lambda's transient errors and catches the rest", () => {
    const definition = machine();

    const taskStates = tasks(definition);

    expect(taskStates.map(([name]) => name).sort()).toEqual(Object.keys(optimizerTaskStates).sort());
    for (const [name, state] of taskStates) {
      expect(state.Retry?.[0]?.ErrorEquals, name).toEqual(lambdaServiceErrors);
      expect(state.Retry?.[0]?.BackoffRate, name).toBeGreaterThan(1);
      expect(state.Catch?.at(-1), name).toMatchObject({ ErrorEquals: ["States.ALL"], ResultPath: "$.error" });
    }
  });

  it("sends every uncaught error through RecordFailure to the Fail state", () => {
    const definition = machine();

    const targets = tasks(definition).map(([name, state]) => [name, state.Catch?.at(-1)?.Next]);

    for (const [name, next] of targets) expect(next, name).toBe(name === "RecordFailure" ? "Failed" : "RecordFailure");
    expect(definition.States.RecordFailure).toMatchObject({ Next: "Failed" });
    expect(definition.States.Failed?.Type).toBe("Fail");
  });

  it("waits for the round's task token as long as its cursor says, passing it and the queue to the dispatch step, and sweeps on a timeout", () => {
    const dispatch = machine().States.Dispatch as AslTaskState;

    expect(dispatch.Resource).toBe(lambdaInvokeWaitForToken);
    expect(dispatch.Parameters).toEqual({
      FunctionName: functionArns.dispatch,
      Payload: { "cursor.$": "$.Payload.cursor", "taskToken.$": "$$.Task.Token", queueUrl },
    });
    expect(machine().States["Round wait"]).toEqual({
      Type: "Pass",
      Comment: expect.any(String),
      Parameters: { "cursor.$": "$" },
      ResultPath: "$.Payload",
      Next: "Dispatch",
    });
    expect(machine().States.Suggest).toMatchObject({ Next: "Round wait" });
    expect(dispatch.TimeoutSecondsPath).toBe("$.Payload.cursor.dispatchWaitSeconds");
    expect(dispatch.Catch?.[0]).toEqual({ ErrorEquals: ["States.Timeout"], ResultPath: "$.timeout", Next: "Sweep" });
    expect(machine().States.Sweep).toMatchObject({ Next: "Round wait" });
  });

  it("routes the cursor after Prepare and after each round to the Task its `next` names, Observe by default", () => {
    const definition = machine();

    const route = definition.States["Next step"];

    expect(definition.States.Prepare).toMatchObject({ Next: "Next step" });
    expect(definition.States.Dispatch).toMatchObject({ Next: "Next step" });
    expect(route).toEqual({
      Type: "Choice",
      Comment: expect.any(String),
      Choices: [
        { Variable: "$.next", StringEquals: "bootstrap", Next: "Bootstrap" },
        { Variable: "$.next", StringEquals: "propose", Next: "Propose" },
      ],
      Default: "Observe",
    });
    for (const step of ["Bootstrap", "Propose", "Observe"])
      expect(definition.States[step]).toMatchObject({ Next: "Done?" });
  });

  it("names each step's function exactly once, and no other", () => {
    const arns = tasks(machine()).map(([, state]) => (state.Parameters as { FunctionName: string }).FunctionName);

    expect(arns.sort()).toEqual(Object.values(functionArns).sort());
  });

  it("keeps the heartbeat off unless asked for", () => {
    const plain = machine().States.Dispatch as AslTaskState;
    const withHeartbeat = optimizerStateMachine({ functionArns, queueUrl, heartbeatSeconds: 300 }).States
      .Dispatch as AslTaskState;

    expect(plain.HeartbeatSeconds).toBeUndefined();
    expect(withHeartbeat.HeartbeatSeconds).toBe(300);
  });

  it("bounds every Task state explicitly (a Task without TimeoutSeconds waits forever on AWS, 60 s on the emulator)", () => {
    const unbounded = tasks(machine()).filter(
      ([, state]) => state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined,
    );

    expect(unbounded.map(([name]) => name)).toEqual([]);
  });
});
