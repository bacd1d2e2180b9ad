import {
  datasetToData,
  exactMatch,
  type GepaState,
  gepaInProcess,
  gepaPendingJobs,
  gepaStep,
  getJson,
  type MiproJob,
  newRunRecord,
  type ProgramState,
  paretoFrontier,
  planGepa,
  putJson,
  type RunRecord,
  runMiproJob,
} from "@judgeloop/core";
import type { SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { optimizerKeys, roundCounter } from "../../functions/optimizer/keys.ts";
import { gepaOptionsOf } from "../../functions/optimizer/optimizer-kind.ts";
import type { OptimizeSpec } from "../../functions/optimizer/run-spec.ts";
import { handler as worker } from "../../functions/worker.ts";
import { type AwsStack, startAwsStack } from "./support/aws-stack.ts";
import { runLocalExecution } from "./support/local-execution.ts";
import { judgeExamples, judgeProgram, simLM } from "./support/optimization-fixture.ts";
import { startWorkerLoop, type WorkerLoop } from "./support/worker-loop.ts";

let stack: AwsStack;
let loop: WorkerLoop;
/** Job ids of every message the workers were handed, duplicates included. */
const delivered: string[] = [];
/** Job ids of the batches delivered a second time. */
const redelivered: string[] = [];
/** The first run's pick: the seed fixes it, whatever happens to the steps. */
let expectedPrompts: ReturnType<typeof prompts> | undefined;

/**
 * 50 judge examples, no valset: GEPA carves a confirmation split (40%: 20, the smallest it
 * carves; off by default), a Pareto set and reflection examples (15 each).
 */
const trainset = () => judgeExamples(0, 50);
const gepaSizes = { kind: "gepa", seed: 7, maxMetricCalls: 40, confirmFraction: 0.4 } as const;

beforeAll(async () => {
  stack = await startAwsStack();
  loop = startWorkerLoop({
    sqs: stack.clients.sqs,
    queueUrl: stack.queueUrl,
    // Plays SQS's at-least-once delivery: the first batch that holds a reflection is delivered twice.
    handler: async (event) => {
      const ids = jobIdsOf(event);
      delivered.push(...ids);
      const response = await worker(event);
      if (redelivered.length === 0 && event.Records.some((record) => record.body.includes('"kind":"reflect"'))) {
        redelivered.push(...ids);
        delivered.push(...ids);
        const again = await worker(event);
        expect(again.batchItemFailures).toEqual([]);
      }
      return response;
    },
  });
});

afterAll(async () => {
  await loop?.stop();
  await stack?.stop();
});

function jobIdsOf(event: SQSEvent): string[] {
  return event.Records.map(
    (record) => (JSON.parse(record.body) as { payload: { job: { id: string } } }).payload.job.id,
  );
}

/** Stores the judge and its examples and creates the queued GEPA run, as the API would before StartExecution. */
async function createGepaRun(runId: string): Promise<OptimizeSpec> {
  const prefix = `inputs/${runId}`;
  const spec: OptimizeSpec = {
    kind: "optimize",
    programKey: `${prefix}/program.json`,
    trainsetKey: `${prefix}/trainset.json`,
    metric: { kind: "exact", field: "satisfied" },
    models: { task: "sim/weak", proposer: "sim/strong" },
    optimizer: { ...gepaSizes },
  };
  await putJson(stack.artifacts, spec.programKey, judgeProgram().toState());
  await putJson(stack.artifacts, spec.trainsetKey, datasetToData(trainset()));
  await stack.runStore.createRun(
    newRunRecord({ id: runId, kind: "optimize", input: spec, now: new Date().toISOString() }),
  );
  return spec;
}

/** What GEPA chooses: each predictor's instructions and demos. */
function prompts(program: ProgramState | undefined) {
  return Object.fromEntries(
    Object.entries(program?.predictors ?? {}).map(([name, predictor]) => [
      name,
      { instructions: predictor.signature.instructions, demos: predictor.demos },
    ]),
  );
}

async function runOf(runId: string): Promise<RunRecord> {
  const run = await stack.runStore.getRun(runId);
  if (!run) throw new Error(`no run ${runId}`);
  return run;
}

/** The same plan stepped in this process, counting the jobs each step asks for. */
async function jobsInProcess(spec: OptimizeSpec, runId: string): Promise<number> {
  let state: GepaState = planGepa({
    program: judgeProgram().toState(),
    trainset: datasetToData(trainset()),
    options: gepaOptionsOf(spec, runId),
  });
  let jobs: MiproJob[] = gepaPendingJobs(state);
  let count = 0;
  const context = { program: judgeProgram(), metric: exactMatch("satisfied"), proposerLM: simLM("sim/strong") };
  while (state.phase !== "done") {
    count += jobs.length;
    const results = await Promise.all(jobs.map((job) => runMiproJob(job, { ...context, lm: simLM("sim/weak") })));
    ({ state, jobs } = gepaStep(state, results));
  }
  return count;
}

describe("GEPA on the optimizer state machine (aws-local-stepfunctions, fauxqs, dynalite)", () => {
  it("runs a GEPA optimization through SQS to the program the in-process driver picks, each job counted once", async () => {
    // Prepare
    const runId = "run-gepa-e2e";
    const spec = await createGepaRun(runId);

    // Act
    const execution = runLocalExecution(
      { runId },
      { sfn: stack.sfn, queueUrl: stack.queueUrl, dispatchTimeoutSeconds: 30 },
    );
    await execution.result;
    const local = await gepaInProcess({
      program: judgeProgram(),
      trainset: trainset(),
      metric: exactMatch("satisfied"),
      proposerLM: simLM("sim/strong"),
      lm: simLM("sim/weak"),
      options: gepaOptionsOf(spec, runId),
    });
    const expectedJobs = await jobsInProcess(spec, runId);

    // Assess: the pick, the scores and GEPA's record
    const run = await runOf(runId);
    const chosen = (await getJson(stack.artifacts, optimizerKeys.program(runId))) as ProgramState;
    const result = run.result as { stateKey: string; optimizer: string; confirm?: unknown };
    const final = (await getJson(stack.artifacts, result.stateKey)) as GepaState;
    expect(run.status).toBe("succeeded");
    expect(run.errors).toEqual([]);
    expect(prompts(chosen)).toEqual(prompts(local.state.result?.program));
    expect(run.result).toMatchObject({
      optimizer: "gepa",
      baselineScore: local.baselineScore,
      bestScore: local.bestScore,
      trials: local.state.iterations,
      confirm: local.confirm,
    });
    expect(local.confirm?.n).toBe(20);
    expect(final.reflections.length).toBeGreaterThan(0);
    expect(final.reflections.map((r) => [r.outcome, r.instruction])).toEqual(
      local.state.reflections.map((r) => [r.outcome, r.instruction]),
    );
    expect(final.reflections[0]?.feedback.length).toBeGreaterThan(0);
    expect(paretoFrontier(final.candidates)).toEqual(paretoFrontier(local.state.candidates));
    expect(run.progress).toEqual({ done: final.metricCalls, total: gepaSizes.maxMetricCalls, unit: "metric calls" });
    // GEPA has no bootstrap or proposal phase: every round is taken by Observe.
    expect(new Set(execution.trail)).toEqual(new Set(["prepare", "observe", "suggest", "dispatch", "finalize"]));

    // Assess: the jobs went through the queue, each counted once towards its round
    const rounds = execution.trail.filter((step) => step === "suggest").length;
    const roundJobs = await Promise.all(
      Array.from({ length: rounds }, (_, i) => getJson(stack.artifacts, optimizerKeys.jobs(runId, i + 1))),
    );
    const ids = roundJobs.flatMap((jobs) => (jobs as MiproJob[]).map((job) => job.id));
    const ours = delivered.filter((id) => ids.includes(id));
    expect(ids).toHaveLength(expectedJobs);
    expect(new Set(ours)).toEqual(new Set(ids));
    expect(redelivered.length).toBeGreaterThan(0);
    expect(ours.length).toBe(ids.length + redelivered.length);
    for (const [i, jobs] of roundJobs.entries()) {
      expect(await stack.runStore.getCounter(runId, roundCounter(i + 1)), `round ${i + 1}`).toBe(
        (jobs as MiproJob[]).length,
      );
    }
    expect(execution.trail.filter((step) => step === "sweep")).toEqual([]);
    expectedPrompts = prompts(chosen);
  }, 240_000);

  it("resumes mid-GEPA when a step's response is lost after it ran: the retried step ends at the same program", async () => {
    // Prepare
    const runId = "run-gepa-e2e-retry";
    await createGepaRun(runId);
    let observed = 0;
    let lost = 0;

    // Act: the third Observe runs, then its Lambda response is lost; Step Functions retries it
    const execution = runLocalExecution(
      { runId },
      {
        sfn: stack.sfn,
        queueUrl: stack.queueUrl,
        dispatchTimeoutSeconds: 30,
        loseResponse: (step) => {
          if (step !== "observe") return false;
          observed++;
          const lose = observed === 3;
          if (lose) lost++;
          return lose;
        },
      },
    );
    await execution.result;

    // Assess
    const run = await runOf(runId);
    const chosen = (await getJson(stack.artifacts, optimizerKeys.program(runId))) as ProgramState;
    expect(lost).toBe(1);
    expect(execution.trail.join(" ")).toContain("observe observe");
    expect(run.status).toBe("succeeded");
    expect(run.errors).toEqual([]);
    expect(prompts(chosen)).toEqual(expectedPrompts);
  }, 240_000);
});
