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
  const { code, message } = describeCause(error);
  await deps.runStore.updateRun(runId, {
    status: "failed",
    updatedAt: now,
    finishedAt: now,
    stages: { optimize: { status: "failed", finishedAt: now, message } },
    addErrors: [{ at: now, code, message, stage: "optimize" }],
  });
  return { runId, status: "failed" };
}

function describeCause(error: { Error: string; Cause: string }): { code: string; message: string } {
  let parsed: { errorType?: unknown; errorMessage?: unknown } | undefined;
  try {
    parsed = JSON.parse(error.Cause) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  const message = typeof parsed?.errorMessage === "string" ? parsed.errorMessage : error.Cause;
  const code = typeof parsed?.errorType === "string" ? parsed.errorType : error.Error;
  return { code: code.slice(0, 100), message: (message || error.Error).slice(0, 500) };
}
