import {
  InMemoryArtifactStore,
  InMemoryJobQueue,
  InMemoryRunStore,
  putJson,
  type StepMachine,
  type WorkflowCheckpoint,
} from "@judgeloop/core";
import { afterEach, describe, expect, it } from "vitest";
import { LocalWorkflowDriver } from "./local-workflow-driver.ts";
import { type SumState, squareOf, sumOfSquares, sumSquares, sumState } from "./testdata/sum-machine.ts";
import { type JobExecutor, WorkerPool } from "./worker-pool.ts";

interface Setup<S> {
  step?: StepMachine<S>;
  execute?: JobExecutor;
  maxReceives?: number;
}

describe("LocalWorkflowDriver", () => {
  const pools: WorkerPool[] = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.stop()));
  });

  function setup<S = SumState>(options: Setup<S> = {}) {
    const artifacts = new InMemoryArtifactStore();
    const results = new InMemoryRunStore();
    const queue = new InMemoryJobQueue({ maxReceives: options.maxReceives ?? 2 });
    const executed: string[] = [];
    const execute = options.execute ?? squareOf;
    const pool = new WorkerPool({
      queue,
      results,
      concurrency: 3,
      idlePollMs: 5,
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
      execute: async (job, context) => {
        executed.push(job.id);
        return execute(job, context);
      },
    });
    pools.push(pool);
    const step = (options.step ?? sumSquares) as StepMachine<S>;
    const driver = new LocalWorkflowDriver<S>({ step, artifacts, results, queue, pool, pollMs: 20 });
    return { artifacts, results, queue, pool, driver, executed };
  }

  it("runs a workflow to its end, one checkpoint per step", async () => {
    const { driver, artifacts } = setup();

    await driver.start("exec-1", sumState(3, 4));
    const final = await driver.wait("exec-1");

    expect(final).toMatchObject({ status: "succeeded", step: 4, result: { total: sumOfSquares(12), failures: [] } });
    expect(await artifacts.list("workflows/exec-1/")).toEqual(["workflows/exec-1/checkpoint.json"]);
    expect(await driver.status("exec-1")).toEqual(final);
  });

  it("hands a step the outcomes in the order it asked for the jobs", async () => {
    const seen: string[][] = [];
    const step: StepMachine<number> = (round, outcomes) => {
      seen.push(outcomes.map((o) => o.jobId));
      if (round === 1) return { state: round, jobs: [], done: true };
      const ids = ["c", "a", "d", "b", "e"];
      return { state: round + 1, jobs: ids.map((id) => ({ id, kind: "square", payload: id.charCodeAt(0) })) };
    };
    const { driver } = setup({ step });

    await driver.start("exec-1", 0);
    await driver.wait("exec-1");

    expect(seen).toEqual([[], ["c", "a", "d", "b", "e"]]);
  });

  it("hands a dead-lettered job to the next step as a failed outcome", async () => {
    const { driver } = setup({
      execute: async (job) => {
        if (job.payload === 2) throw new Error("poison");
        return Number(job.payload) ** 2;
      },
    });

    await driver.start("exec-1", sumState(1, 3));
    const final = await driver.wait("exec-1");

    expect(final.result).toEqual({ total: 1 + 9, failures: ["round-0-x-2: Error: poison"] });
  });

  it("starts nothing when the execution exists", async () => {
    const { driver, executed } = setup();
    await driver.start("exec-1", sumState(1, 2));
    await driver.wait("exec-1");

    const again = await driver.start("exec-1", sumState(5, 5));

    expect(again).toMatchObject({ status: "succeeded", step: 2 });
    expect(executed).toHaveLength(2);
  });

  it("re-runs on resume only the jobs of the interrupted step that have no stored result", async () => {
    const { driver, artifacts, results, executed } = setup();
    const interrupted: WorkflowCheckpoint<SumState> = {
      executionId: "exec-1",
      status: "running",
      step: 1,
      state: { ...sumState(1, 4), round: 1 },
      jobs: [1, 2, 3, 4].map((x) => ({ id: `round-0-x-${x}`, kind: "square", payload: x })),
    };
    await putJson(artifacts, "workflows/exec-1/checkpoint.json", interrupted);
    await results.putResultOnce("exec-1", "round-0-x-1", 1);
    await results.putResultOnce("exec-1", "round-0-x-3", 9);

    expect((await driver.status("exec-1"))?.pendingJobs).toBe(2);
    await driver.resume("exec-1");
    const final = await driver.wait("exec-1");

    expect(executed.sort()).toEqual(["round-0-x-2", "round-0-x-4"]);
    expect(final).toMatchObject({ status: "succeeded", result: { total: sumOfSquares(4) } });
  });

  it("stops at cancel: no further step runs", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { driver, executed } = setup({
      execute: async (job) => {
        await gate;
        return squareOf(job);
      },
    });
    await driver.start("exec-1", sumState(3, 2));
    while (executed.length === 0) await new Promise((resolve) => setTimeout(resolve, 2));

    const cancelled = await driver.cancel("exec-1");
    release();

    expect(cancelled).toMatchObject({ status: "cancelled", step: 1 });
    expect(await driver.wait("exec-1")).toMatchObject({ status: "cancelled", step: 1 });
    expect(executed.every((id) => id.startsWith("round-0-"))).toBe(true);
  });

  it("fails the execution when a step throws, naming the error", async () => {
    const { driver } = setup<number>({
      step: () => {
        throw new Error("state is inconsistent");
      },
    });

    await driver.start("exec-1", 0);

    expect(await driver.wait("exec-1")).toMatchObject({
      status: "failed",
      error: { code: "step_failed", message: "Error: state is inconsistent" },
    });
  });

  it("fails the execution when a step asks for one job twice", async () => {
    const { driver } = setup<number>({
      step: () => ({
        state: 0,
        jobs: [
          { id: "same", kind: "square", payload: 1 },
          { id: "same", kind: "square", payload: 2 },
        ],
      }),
    });

    await driver.start("exec-1", 0);

    expect((await driver.wait("exec-1")).error?.code).toBe("bad_step_output");
  });

  it("reports an unknown execution as null, and refuses to resume it", async () => {
    const { driver } = setup();

    expect(await driver.status("exec-missing")).toBeNull();
    await expect(driver.resume("exec-missing")).rejects.toMatchObject({ code: "unknown_execution" });
    await expect(driver.start("../escape", 0)).rejects.toMatchObject({ code: "bad_store_key" });
  });
});
