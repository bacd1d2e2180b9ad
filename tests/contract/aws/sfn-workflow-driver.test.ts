import { SFNClient } from "@aws-sdk/client-sfn";
import { type AdapterLogger, SfnTaskTokens, SfnWorkflowDriver } from "@judgeloop/aws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorCredentials, emulatorRegion } from "../../support/emulators.ts";
import { rejectionCode } from "../harness.ts";
import { type SfnWireServer, startSfnWireServer } from "./sfn-wire-server.ts";

const stateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:judgeloop-optimizer";
const executionArn = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:judgeloop-optimizer:${name}`;

let server: SfnWireServer;
let client: SFNClient;

beforeAll(async () => {
  server = await startSfnWireServer();
  client = new SFNClient({
    endpoint: server.endpoint,
    region: emulatorRegion,
    credentials: emulatorCredentials,
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await server.close();
});

function recordingLogger(): AdapterLogger & { warnings: Record<string, unknown>[] } {
  const warnings: Record<string, unknown>[] = [];
  return { warnings, warn: (message, detail) => warnings.push({ message, ...detail }) };
}

describe("SfnWorkflowDriver", () => {
  const driver = () => new SfnWorkflowDriver(client, { stateMachineArn, pollMs: 5 });

  it("starts an execution named by the execution id, with the input as JSON", async () => {
    const status = await driver().start("run-start", { runId: "run-start", stateKey: "runs/run-start/state.json" });

    const sent = server.requests.filter((r) => r.operation === "StartExecution").at(-1);
    expect(status).toEqual({ executionId: "run-start", status: "running", step: 0, pendingJobs: 0 });
    expect(sent?.contentType).toBe("application/x-amz-json-1.0");
    expect(sent?.body).toEqual({
      stateMachineArn,
      name: "run-start",
      input: JSON.stringify({ runId: "run-start", stateKey: "runs/run-start/state.json" }),
    });
  });

  it("starts nothing for an id that already ran and returns that execution's status", async () => {
    await driver().start("run-twice", { n: 1 });
    server.finish(executionArn("run-twice"), { status: "SUCCEEDED", output: JSON.stringify({ best: 0.82 }) });

    const again = await driver().start("run-twice", { n: 1 });

    expect(again).toMatchObject({ status: "succeeded", result: { best: 0.82 } });
    expect(server.execution(executionArn("run-twice"))?.status).toBe("SUCCEEDED");
  });

  it("maps Step Functions statuses, errors and output", async () => {
    for (const name of ["run-ok", "run-failed", "run-timeout"]) await driver().start(name, {});
    server.finish(executionArn("run-ok"), { status: "SUCCEEDED", output: "[1,2]" });
    server.finish(executionArn("run-failed"), {
      status: "FAILED",
      error: "judgeloop.StepFailed",
      cause: "observe: no scores",
    });
    server.finish(executionArn("run-timeout"), { status: "TIMED_OUT" });

    const statuses = await Promise.all(["run-ok", "run-failed", "run-timeout"].map((id) => driver().status(id)));

    expect(statuses.map((s) => [s?.status, s?.result ?? s?.error])).toEqual([
      ["succeeded", [1, 2]],
      ["failed", { code: "judgeloop.StepFailed", message: "observe: no scores" }],
      ["failed", { code: "States.Timeout", message: "" }],
    ]);
    expect(await driver().status("run-never")).toBeNull();
  });

  it("stops a running execution on cancel and reports it cancelled", async () => {
    await driver().start("run-cancel", {});

    const status = await driver().cancel("run-cancel");

    expect(status?.status).toBe("cancelled");
    expect(server.requests.filter((r) => r.operation === "StopExecution").at(-1)?.body).toMatchObject({
      executionArn: executionArn("run-cancel"),
      error: "judgeloop.Cancelled",
    });
    expect(await driver().cancel("run-never")).toBeNull();
  });

  it("redrives a failed execution on resume and leaves a running one alone", async () => {
    await driver().start("run-resume", {});
    await driver().start("run-busy", {});
    server.finish(executionArn("run-resume"), { status: "FAILED", error: "Lambda.Unknown", cause: "timeout" });

    const resumed = await driver().resume("run-resume");
    const busy = await driver().resume("run-busy");

    expect(resumed.status).toBe("running");
    expect(server.execution(executionArn("run-resume"))?.redriveCount).toBe(1);
    expect(busy.status).toBe("running");
    expect(server.execution(executionArn("run-busy"))?.redriveCount).toBe(0);
  });

  it("waits, polling, until the execution ends", async () => {
    await driver().start("run-wait", {});
    setTimeout(() => server.finish(executionArn("run-wait"), { status: "SUCCEEDED", output: '"done"' }), 30);

    const final = await driver().wait("run-wait");

    expect(final).toMatchObject({ status: "succeeded", result: "done" });
  });

  it("reports step and pending jobs from the progress reader", async () => {
    const withProgress = new SfnWorkflowDriver(client, {
      stateMachineArn,
      progressOf: async () => ({ step: 4, pendingJobs: 12 }),
    });
    await withProgress.start("run-progress", {});

    expect(await withProgress.status("run-progress")).toMatchObject({ step: 4, pendingJobs: 12 });
  });

  it("refuses execution ids Step Functions cannot name", async () => {
    expect(await rejectionCode(driver().start("run#1", {}))).toBe("bad_execution_id");
    expect(await rejectionCode(driver().start("a".repeat(81), {}))).toBe("bad_execution_id");
  });
});

describe("SfnTaskTokens", () => {
  it("sends a task's success with its output as JSON", async () => {
    const token = server.issueToken();

    const result = await new SfnTaskTokens(client).sendSuccess(token, { candidate: 3, scored: 40 });

    expect(result).toEqual({ sent: true });
    expect(server.tokenState(token)).toBe("succeeded");
    expect(server.requests.filter((r) => r.operation === "SendTaskSuccess").at(-1)?.body).toEqual({
      taskToken: token,
      output: JSON.stringify({ candidate: 3, scored: 40 }),
    });
  });

  it("tolerates a token sent twice: logs it and returns sent false", async () => {
    const logger = recordingLogger();
    const tokens = new SfnTaskTokens(client, { logger });
    const token = server.issueToken();

    const results = [await tokens.sendSuccess(token, {}), await tokens.sendFailure(token, { error: "e", cause: "c" })];

    expect(results).toEqual([{ sent: true }, { sent: false, reason: "TaskTimedOut" }]);
    expect(logger.warnings).toEqual([
      expect.objectContaining({ operation: "SendTaskFailure", reason: "TaskTimedOut" }),
    ]);
  });

  it("tolerates a timed-out task and a token Step Functions does not know", async () => {
    const logger = recordingLogger();
    const tokens = new SfnTaskTokens(client, { logger });
    const token = server.issueToken();
    server.timeOut(token);

    const timedOut = await tokens.sendFailure(token, { error: "judgeloop.JobsFailed", cause: "3 jobs dead-lettered" });
    const unknown = await tokens.sendSuccess("token-made-up", {});

    expect([timedOut, unknown]).toEqual([
      { sent: false, reason: "TaskTimedOut" },
      { sent: false, reason: "InvalidToken" },
    ]);
    expect(logger.warnings).toHaveLength(2);
    expect(JSON.stringify(logger.warnings)).not.toContain("token-made-up");
  });
});
