import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  RedriveExecutionCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import { JudgeloopError, toJsonText, type WorkflowDriver, type WorkflowStatus } from "@judgeloop/core";
import { isAwsError } from "../aws-errors.ts";
import { type ExecutionProgress, workflowStatusOf } from "./execution-status.ts";

export interface SfnWorkflowDriverOptions {
  /** `arn:aws:states:<region>:<account>:stateMachine:<name>`. */
  stateMachineArn: string;
  /** Step and pending jobs of an execution (from its S3 checkpoint); default both 0. */
  progressOf?: (executionId: string) => Promise<ExecutionProgress | null>;
  /** Between DescribeExecution calls in `wait`; default 2 s. */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Step Functions' execution name rule: 1-80 characters, none of whitespace, `<>{}[]?*"#%\^|~`$&,;:/`. */
const executionName = /^[A-Za-z0-9][A-Za-z0-9._=@+-]{0,79}$/;
const stateMachineArnPattern = /^arn:aws[a-z-]*:states:[^:]+:[^:]+:stateMachine:[^:]+$/;
/** StartExecution's input limit. */
const maxInputBytes = 262_144;

/**
 * A WorkflowDriver on AWS Step Functions: an execution id is the execution's name, so `start`
 * is idempotent (Step Functions refuses a second execution of a name for 90 days; the existing
 * one's status is returned). The state machine itself (packages/aws/src/asl) runs the steps;
 * this driver starts, describes, stops and redrives executions.
 *
 * @example
 * const driver = new SfnWorkflowDriver(sfn, { stateMachineArn });
 * await driver.start("run-1", { runId: "run-1", stateKey: "runs/run-1/state.json" });
 * const final = await driver.wait("run-1");
 */
export class SfnWorkflowDriver implements WorkflowDriver {
  private readonly client: SFNClient;
  private readonly options: SfnWorkflowDriverOptions;

  constructor(client: SFNClient, options: SfnWorkflowDriverOptions) {
    if (!stateMachineArnPattern.test(options.stateMachineArn)) {
      throw new JudgeloopError("bad_option", "SfnWorkflowDriver stateMachineArn is not a state machine ARN");
    }
    this.client = client;
    this.options = options;
  }

  async start(executionId: string, input: unknown): Promise<WorkflowStatus> {
    checkExecutionId(executionId);
    const text = toJsonText(input, `input of execution ${executionId}`);
    if (Buffer.byteLength(text) > maxInputBytes) {
      throw new JudgeloopError("input_too_large", `input of execution ${executionId} is over 256 KiB: pass S3 keys`);
    }
    try {
      await this.client.send(
        new StartExecutionCommand({ stateMachineArn: this.options.stateMachineArn, name: executionId, input: text }),
      );
    } catch (error) {
      if (!isAwsError(error, "ExecutionAlreadyExists")) throw error;
      return this.requireStatus(executionId);
    }
    return { executionId, status: "running", step: 0, pendingJobs: 0 };
  }

  /**
   * A running execution needs nothing (Step Functions keeps driving it); a failed or timed-out
   * one is redriven from the state that failed, re-running only what had not succeeded.
   * Cancelled and succeeded ones stay as they are.
   */
  async resume(executionId: string): Promise<WorkflowStatus> {
    const execution = await this.requireExecution(executionId);
    if (execution.status !== "FAILED" && execution.status !== "TIMED_OUT") return this.statusOf(executionId, execution);
    await this.client.send(new RedriveExecutionCommand({ executionArn: this.executionArn(executionId) }));
    return this.requireStatus(executionId);
  }

  async cancel(executionId: string): Promise<WorkflowStatus | null> {
    const execution = await this.describe(executionId);
    if (!execution) return null;
    if (execution.status !== "RUNNING" && execution.status !== "PENDING_REDRIVE") {
      return this.statusOf(executionId, execution);
    }
    await this.client.send(
      new StopExecutionCommand({
        executionArn: this.executionArn(executionId),
        error: "judgeloop.Cancelled",
        cause: "cancelled on request",
      }),
    );
    return this.requireStatus(executionId);
  }

  async status(executionId: string): Promise<WorkflowStatus | null> {
    const execution = await this.describe(executionId);
    return execution ? this.statusOf(executionId, execution) : null;
  }

  /** Polls until the execution ends. */
  async wait(executionId: string): Promise<WorkflowStatus> {
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    for (;;) {
      const status = await this.requireStatus(executionId);
      if (status.status !== "running") return status;
      await sleep(this.options.pollMs ?? 2000);
    }
  }

  /** The ARN Step Functions gives the execution named `executionId` of this state machine. */
  executionArn(executionId: string): string {
    checkExecutionId(executionId);
    return `${this.options.stateMachineArn.replace(":stateMachine:", ":execution:")}:${executionId}`;
  }

  private async describe(executionId: string): Promise<DescribeExecutionCommandOutput | null> {
    try {
      return await this.client.send(new DescribeExecutionCommand({ executionArn: this.executionArn(executionId) }));
    } catch (error) {
      if (isAwsError(error, "ExecutionDoesNotExist")) return null;
      throw error;
    }
  }

  private async requireExecution(executionId: string): Promise<DescribeExecutionCommandOutput> {
    const execution = await this.describe(executionId);
    if (!execution) throw new JudgeloopError("execution_not_found", `execution ${executionId} does not exist`);
    return execution;
  }

  private async requireStatus(executionId: string): Promise<WorkflowStatus> {
    return this.statusOf(executionId, await this.requireExecution(executionId));
  }

  private async statusOf(executionId: string, execution: DescribeExecutionCommandOutput): Promise<WorkflowStatus> {
    const progress = (await this.options.progressOf?.(executionId)) ?? undefined;
    return workflowStatusOf(executionId, execution, progress);
  }
}

function checkExecutionId(executionId: string): void {
  if (!executionName.test(executionId)) {
    throw new JudgeloopError(
      "bad_execution_id",
      `execution id ${JSON.stringify(executionId.slice(0, 90))} must be 1-80 letters, digits or ._=@+- (a Step Functions name)`,
    );
  }
}
