import { exactMatch, getJson, optimizeInProcess, type ProgramState, type RunRecord } from "@judgeloop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { optimizerKeys } from "../../functions/optimizer/keys.ts";
import { miproOptionsOf } from "../../functions/optimizer/run-spec.ts";
import { handler as worker } from "../../functions/worker.ts";
import { type AwsStack, startAwsStack } from "./support/aws-stack.ts";
import { runLocalExecution } from "./support/local-execution.ts";
import { createOptimizeRun, judgeExamples, judgeProgram, simLM } from "./support/optimization-fixture.ts";
import { startWorkerLoop, type WorkerLoop } from "./support/worker-loop.ts";

let stack: AwsStack;
let loop: WorkerLoop;
/** The program the first run chose: the seed fixes it, whatever happens to the tokens. */
let expectedPrompts: ReturnType<typeof prompts> | undefined;

beforeAll(async () => {
  stack = await startAwsStack();
  loop = startWorkerLoop({ sqs: stack.clients.sqs, queueUrl: stack.queueUrl, handler: worker });
});

afterAll(async () => {
  await loop?.stop();
  await stack?.stop();
});

/** What an optimizer chooses: each predictor's instructions and demos. */
function prompts(program: ProgramState | undefined) {
  return Object.fromEntries(
    Object.entries(program?.predictors ?? {}).map(([name, predictor]) => [
      name,
      { instructions: predictor.signature.instructions, demos: predictor.demos },
    ]),
  );
}

async function finishedRun(runId: string): Promise<RunRecord> {
  const run = await stack.runStore.getRun(runId);
  if (!run) throw new Error(`no run ${runId}`);
  return run;
}

describe("the optimizer state machine on aws-local-stepfunctions", () => {
  it("finds the same best program as the in-process driver with the same seed", async () => {
    // Prepare
    const fixture = await createOptimizeRun(stack, "run-e2e-same");

    // Act
    const execution = runLocalExecution(
      { runId: fixture.runId },
      { sfn: stack.sfn, queueUrl: stack.queueUrl, dispatchTimeoutSeconds: 30 },
    );
    await execution.result;
    const local = await optimizeInProcess({
      program: judgeProgram(),
      trainset: judgeExamples(0, 10),
      valset: judgeExamples(10, 6),
      metric: exactMatch("satisfied"),
      proposerLM: simLM("sim/strong"),
      lm: simLM("sim/weak"),
      options: miproOptionsOf(fixture.spec, fixture.runId),
    });

    // Assess
    const run = await finishedRun(fixture.runId);
    const chosen = (await getJson(stack.artifacts, optimizerKeys.program(fixture.runId))) as ProgramState;
    expect(run.status).toBe("succeeded");
    expect(prompts(chosen)).toEqual(prompts(local.state.result?.program));
    expect(run.result).toMatchObject({ bestScore: local.bestScore, baselineScore: local.baselineScore });
    expect(execution.trail.filter((step) => step === "sweep")).toEqual([]);
    expect(await stack.runStore.listTrials(fixture.runId, { stage: "optimize" })).toHaveLength(local.trials);
    expectedPrompts = prompts(chosen);
  });

  it("re-drives a round whose task token was lost, through the Dispatch timeout and the sweep", async () => {
    // Prepare
    const fixture = await createOptimizeRun(stack, "run-e2e-lost-token");
    const lostRounds: number[] = [];

    // Act
    const execution = runLocalExecution(
      { runId: fixture.runId },
      {
        sfn: stack.sfn,
        queueUrl: stack.queueUrl,
        dispatchTimeoutSeconds: 1,
        loseToken: ({ step, attempt }) => {
          const lose = step === 1 && attempt === 0;
          if (lose) lostRounds.push(step);
          return lose;
        },
      },
    );
    await execution.result;

    // Assess
    const run = await finishedRun(fixture.runId);
    const chosen = (await getJson(stack.artifacts, optimizerKeys.program(fixture.runId))) as ProgramState;
    expect(lostRounds).toEqual([1]);
    expect(execution.trail.filter((step) => step === "sweep")).toEqual(["sweep"]);
    expect(execution.trail.slice(0, 7)).toEqual([
      "prepare",
      "bootstrap",
      "suggest",
      "dispatch",
      "sweep",
      "dispatch",
      "bootstrap",
    ]);
    expect(run.status).toBe("succeeded");
    expect(run.errors).toEqual([]);
    expect(prompts(chosen)).toEqual(expectedPrompts);
  });
});
