import type { RunRecord } from "@judgeloop/core";
import { optimizationRunId } from "../pipeline/optimization-runs.ts";
import type { OptimizerDeps } from "./deps.ts";

/**
 * Marks a run failed with the error that stopped its state machine. A Lambda error's Cause is
 * JSON with `errorType` and `errorMessage` (and a stack trace, which is never kept); other
 * causes are kept as a short line.
 *
 * @example
 * await recordFailure(deps, "run-1", { Error: "JudgeloopError", Cause: '{"errorMessage":"no run run-1"}' });
 */
export async function recordFailure(
  deps: OptimizerDeps,
  runId: string,
  error: { Error: string; Cause: string },
): Promise<{ runId: string; status: "failed" }> {
  const now = deps.now().toISOString();
  const run = await deps.runStore.getRun(runId);
  // A cancelled run stays cancelled: its execution was stopped on purpose.
  if (run?.status === "cancelled") return { runId, status: "failed" };
  // A pipeline run fails at the stage that was running; an optimize run has the one stage.
  const stage = run?.kind === "pipeline" ? runningStage(run) : "optimize";
  const { code, message } =
    (run?.kind === "pipeline" && stage !== undefined && (await optimizationFailure(deps, runId, stage))) ||
    describeCause(error);
  // The engine has recorded a stage's own error already; the execution's error adds nothing.
  const recorded = run?.status === "failed" && run.errors.length > 0;
  await deps.runStore.updateRun(runId, {
    status: "failed",
    updatedAt: now,
    finishedAt: run?.finishedAt ?? now,
    ...(stage !== undefined && !recorded && { stages: { [stage]: { status: "failed", finishedAt: now, message } } }),
    ...(!recorded && { addErrors: [{ at: now, code, message, ...(stage !== undefined && { stage }) }] }),
  });
  return { runId, status: "failed" };
}

/** The error of a stage's optimize run that failed (its nested execution's Cause says only that it did). */
async function optimizationFailure(
  deps: OptimizerDeps,
  runId: string,
  stage: string,
): Promise<{ code: string; message: string } | undefined> {
  const optimization = await deps.runStore.getRun(optimizationRunId(runId, stage));
  const last = optimization?.status === "failed" ? optimization.errors.at(-1) : undefined;
  if (!optimization || !last) return undefined;
  return { code: last.code, message: `optimization run ${optimization.id} failed: ${last.message}`.slice(0, 500) };
}

function runningStage(run: RunRecord): string | undefined {
  return Object.entries(run.stages).find(([, record]) => record.status === "running")?.[0];
}

function describeCause(error: { Error: string; Cause: string }): { code: string; message: string } {
  let parsed: { errorType?: unknown; errorMessage?: unknown; Error?: unknown; Cause?: unknown } | undefined;
  try {
    parsed = JSON.parse(error.Cause) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  // A nested execution's failure (states:startExecution.sync) carries the child's Error and Cause.
  const nested = typeof parsed?.Error === "string" ? `${parsed.Error}: ${String(parsed.Cause ?? "")}` : undefined;
  const message = typeof parsed?.errorMessage === "string" ? parsed.errorMessage : (nested ?? error.Cause);
  const code = typeof parsed?.errorType === "string" ? parsed.errorType : error.Error;
  return { code: code.slice(0, 100), message: (message || error.Error).slice(0, 500) };
}
