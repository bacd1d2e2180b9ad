import type { DescribeExecutionCommandOutput } from "@aws-sdk/client-sfn";
import { JudgeloopError, type WorkflowStatus, type WorkflowStatusName } from "@judgeloop/core";

const statusNames: Record<string, WorkflowStatusName> = {
  RUNNING: "running",
  PENDING_REDRIVE: "running",
  SUCCEEDED: "succeeded",
  FAILED: "failed",
  TIMED_OUT: "failed",
  ABORTED: "cancelled",
};

const maxErrorMessage = 1000;

/** How far an execution has come, from wherever the state machine records it (its S3 checkpoint). */
export interface ExecutionProgress {
  step: number;
  pendingJobs: number;
}

/**
 * The WorkflowStatus of a described execution: RUNNING and PENDING_REDRIVE are running,
 * TIMED_OUT is failed (`States.Timeout`), ABORTED is cancelled; a success's output is parsed
 * as the result.
 *
 * @example
 * workflowStatusOf("run-1", await sfn.send(new DescribeExecutionCommand({ executionArn })));
 */
export function workflowStatusOf(
  executionId: string,
  execution: Pick<DescribeExecutionCommandOutput, "status" | "output" | "error" | "cause">,
  progress: ExecutionProgress = { step: 0, pendingJobs: 0 },
): WorkflowStatus {
  const status = statusNames[execution.status ?? ""];
  if (status === undefined) {
    throw new JudgeloopError("bad_execution_status", `execution ${executionId} has status ${execution.status}`);
  }
  const result: WorkflowStatus = {
    executionId,
    status,
    step: progress.step,
    pendingJobs: status === "running" ? progress.pendingJobs : 0,
  };
  if (status === "succeeded" && execution.output !== undefined)
    result.result = parseOutput(executionId, execution.output);
  if (status === "failed") {
    const code = execution.error ?? (execution.status === "TIMED_OUT" ? "States.Timeout" : "States.Failed");
    result.error = { code, message: (execution.cause ?? "").slice(0, maxErrorMessage) };
  }
  return result;
}

function parseOutput(executionId: string, output: string): unknown {
  try {
    return JSON.parse(output);
  } catch (error) {
    throw new JudgeloopError("bad_execution_output", `execution ${executionId} output is not JSON`, { cause: error });
  }
}
