import { createJobQueues, SqsJobQueue } from "@judgeloop/aws";
import { getJson, type MiproJob, putJson } from "@judgeloop/core";
import type { RoundCursor } from "../../../functions/optimizer/cursor.ts";
import { handler as bootstrap } from "../../../functions/steps/bootstrap.ts";
import { handler as dispatch } from "../../../functions/steps/dispatch.ts";
import { handler as prepare } from "../../../functions/steps/prepare.ts";
import { handler as suggest } from "../../../functions/steps/suggest.ts";
import { type AwsStack, testMaxReceives } from "./aws-stack.ts";
import { createOptimizeRun } from "./optimization-fixture.ts";

/** A dispatched round of real jobs on a queue pair of its own, with the token its Dispatch waits on. */
export interface DispatchedRound {
  runId: string;
  round: RoundCursor;
  jobs: MiproJob[];
  taskToken: string;
  queueUrl: string;
  queue: SqsJobQueue;
}

/**
 * Runs a fresh run's Prepare, Bootstrap and Suggest steps, then Dispatch onto a new queue:
 * the first bootstrap round's trace jobs wait in SQS. With `poison`, the first trace job is made
 * impossible to run (its program names no predictor) before it is dispatched.
 *
 * @example
 * const dispatched = await dispatchFirstRound(stack, "run-faults-1", { poison: true });
 */
export async function dispatchFirstRound(
  stack: AwsStack,
  runId: string,
  options: { poison?: boolean } = {},
): Promise<DispatchedRound> {
  await createOptimizeRun(stack, runId);
  const planned = await prepare({ runId });
  const round = (await suggest(await bootstrap(planned))) as RoundCursor;
  const jobs = (await getJson(stack.artifacts, round.jobsKey)) as MiproJob[];
  const poison = jobs.find((job) => job.kind === "trace");
  if (options.poison && poison?.kind === "trace") {
    poison.program = { ...poison.program, predictors: {} };
    await putJson(stack.artifacts, round.jobsKey, jobs);
  }
  const queues = await createJobQueues(stack.clients.sqs, { name: `jobs-${runId}`, maxReceives: testMaxReceives });
  const taskToken = stack.sfn.issueToken();
  await dispatch({ cursor: round, taskToken, queueUrl: queues.queueUrl });
  const queue = new SqsJobQueue(stack.clients.sqs, { ...queues, maxReceives: testMaxReceives });
  return { runId, round, jobs, taskToken, queueUrl: queues.queueUrl, queue };
}
