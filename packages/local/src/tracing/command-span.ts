import { inSpan, judgeloopAttributes, type TraceSpan } from "@judgeloop/core";
import { processTracer } from "./process-tracing.ts";

/**
 * Runs a one-off command (`optimize`, `evaluate`) as the root span of its trace,
 * `invoke_workflow judgeloop <kind>`, so its trials and LM calls hang under it as a pipeline
 * run's do. A no-op span when traces are off.
 *
 * @example
 * await inCommandSpan("optimize", runId, async (span) => { ...; span.setAttributes({ "judgeloop.score": best }); });
 */
export function inCommandSpan<T>(kind: string, runId: string, work: (span: TraceSpan) => Promise<T>): Promise<T> {
  const attributes = {
    "gen_ai.operation.name": "invoke_workflow",
    "gen_ai.workflow.name": `judgeloop ${kind}`,
    [judgeloopAttributes.runId]: runId,
    [judgeloopAttributes.runKind]: kind,
  };
  return inSpan(processTracer(), `invoke_workflow judgeloop ${kind}`, { attributes }, work);
}
