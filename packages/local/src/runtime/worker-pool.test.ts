import { InMemoryJobQueue, InMemoryRunStore, LMError, type QueuedJob } from "@judgeloop/core";
import { afterEach, describe, expect, it } from "vitest";
import { openSqlite } from "../sqlite/open-sqlite.ts";
import { SqliteJobQueue } from "../sqlite/sqlite-job-queue.ts";
import { squareOf } from "./testdata/sum-machine.ts";
import { type JobExecutor, type JobSettlement, WorkerPool } from "./worker-pool.ts";

function jobs(count: number, runId = "run-1"): QueuedJob[] {
  return Array.from({ length: count }, (_, i) => ({ id: `job-${i}`, runId, kind: "square", payload: i }));
}

/** Resolves once `count` settlements matching `accept` have been seen. */
function settlements(pool: WorkerPool, count: number, accept = (_: JobSettlement) => true): Promise<JobSettlement[]> {
  const seen: JobSettlement[] = [];
  return new Promise((resolve) => {
    const stop = pool.onSettled((settlement) => {
      if (!accept(settlement)) return;
      seen.push(settlement);
      if (seen.length === count) {
        stop();
        resolve(seen);
      }
    });
  });
}

describe("WorkerPool", () => {
  const pools: WorkerPool[] = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.stop()));
  });

  function makePool(execute: JobExecutor, options: { maxReceives?: number; concurrency?: number } = {}) {
    const queue = new InMemoryJobQueue({ maxReceives: options.maxReceives ?? 3 });
    const results = new InMemoryRunStore();
    const pool = new WorkerPool({
      queue,
      results,
      execute,
      concurrency: options.concurrency ?? 3,
      idlePollMs: 5,
      retry: { baseDelayMs: 2, maxDelayMs: 10 },
    });
    pools.push(pool);
    return { queue, results, pool };
  }

  it("runs every job once, stores its result and acks it", async () => {
    const ran: string[] = [];
    const { queue, results, pool } = makePool(async (job) => {
      ran.push(job.id);
      return Number(job.payload) * 10;
    });
    const done = settlements(pool, 8);

    await queue.enqueueBatch(jobs(8));
    pool.start();
    await done;

    expect(ran.sort()).toEqual(
      jobs(8)
        .map((j) => j.id)
        .sort(),
    );
    expect((await results.getResults("run-1", ["job-3"])).get("job-3")).toBe(30);
    expect(await queue.receive(10, 1000)).toEqual([]);
  });

  it("never runs more jobs at once than its concurrency", async () => {
    let running = 0;
    let peak = 0;
    const { queue, pool } = makePool(
      async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return null;
      },
      { concurrency: 2 },
    );
    const done = settlements(pool, 10);

    await queue.enqueueBatch(jobs(10));
    pool.start();
    await done;

    expect(peak).toBe(2);
  });

  it("acks a redelivered job whose result is stored without running it again", async () => {
    let runs = 0;
    const { queue, results, pool } = makePool(async () => {
      runs++;
      return "fresh";
    });
    await results.putResultOnce("run-1", "job-0", "stored earlier");
    const done = settlements(pool, 1);

    await queue.enqueueBatch(jobs(1));
    pool.start();

    expect(await done).toEqual([{ runId: "run-1", jobId: "job-0", outcome: "duplicate" }]);
    expect(runs).toBe(0);
    expect((await results.getResults("run-1", ["job-0"])).get("job-0")).toBe("stored earlier");
  });

  it("retries a failing job with backoff until it succeeds", async () => {
    let attempts = 0;
    const { queue, results, pool } = makePool(async (_, { receiveCount }) => {
      attempts++;
      if (receiveCount < 3) throw new LMError("server", "openai returned 503", { provider: "openai" });
      return "ok";
    });
    const stored = settlements(pool, 1, (s) => s.outcome === "stored");
    const retries = settlements(pool, 2, (s) => s.outcome === "retrying");

    await queue.enqueueBatch(jobs(1));
    pool.start();
    const [retry] = await retries;
    await stored;

    expect(attempts).toBe(3);
    expect(retry).toMatchObject({ outcome: "retrying", error: "lm_server: openai returned 503" });
    expect((await results.getResults("run-1", ["job-0"])).get("job-0")).toBe("ok");
  });

  it("waits at least the retry-after a rate-limited call asked for", async () => {
    const { queue, pool } = makePool(async () => {
      throw new LMError("rate_limit", "openai returned 429", { provider: "openai", retryAfterMs: 40 });
    });
    const retry = settlements(pool, 1, (s) => s.outcome === "retrying");

    await queue.enqueueBatch(jobs(1));
    pool.start();

    expect((await retry)[0]).toMatchObject({ delayMs: 40 });
  });

  it("dead-letters a job that fails on every delivery and says why", async () => {
    const { queue, results, pool } = makePool(async () => {
      throw new Error("disk full");
    });
    const dead = settlements(pool, 1, (s) => s.outcome === "dead");

    await queue.enqueueBatch(jobs(1));
    pool.start();

    expect(await dead).toEqual([{ runId: "run-1", jobId: "job-0", outcome: "dead", error: "Error: disk full" }]);
    expect((await queue.listDeadLetters("run-1")).map((l) => [l.job.id, l.receiveCount])).toEqual([["job-0", 3]]);
    expect(await results.getResults("run-1", ["job-0"])).toEqual(new Map());
  });

  it("acks jobs of a skipped run without running them", async () => {
    let runs = 0;
    const { queue, pool } = makePool(async () => {
      runs++;
      return null;
    });
    pool.skipRun("run-cancelled");
    const done = settlements(pool, 3);

    await queue.enqueueBatch([...jobs(2, "run-cancelled"), ...jobs(1, "run-1")]);
    pool.start();

    expect((await done).map((s) => s.outcome).sort()).toEqual(["skipped", "skipped", "stored"]);
    expect(runs).toBe(1);
  });

  it("stops and keeps the error when it loses its queue", async () => {
    const db = openSqlite(":memory:");
    const pool = new WorkerPool({ queue: new SqliteJobQueue(db), results: new InMemoryRunStore(), execute: squareOf });
    pools.push(pool);
    db.close();

    pool.start();
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(pool.isRunning).toBe(false);
    expect(String(pool.failure)).toMatch(/database is not open/i);
  });
});
