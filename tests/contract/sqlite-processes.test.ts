import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { databasePathIn, openSqliteStores, type SqliteStores } from "@judgeloop/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { temporaryDirectory } from "./harness.ts";

const workerScript = fileURLToPath(new URL("./fixtures/sqlite-worker.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A worker process on the shared database, answering one command at a time (see the fixture). */
class WorkerProcess {
  readonly ready: Promise<void>;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: string) => void)[] = [];
  private stderr = "";

  constructor(dbPath: string) {
    this.child = spawn(process.execPath, ["--import", "tsx", workerScript, dbPath], { cwd: repoRoot });
    this.child.stderr.on("data", (chunk) => {
      this.stderr += String(chunk);
    });
    const lines = createInterface({ input: this.child.stdout });
    this.ready = new Promise((resolve, reject) => {
      this.waiting.push(() => resolve());
      this.child.on("exit", (code) => reject(new Error(`worker exited with ${code}: ${this.stderr.slice(-1500)}`)));
    });
    lines.on("line", (line) => this.waiting.shift()?.(line));
  }

  run(command: string): Promise<unknown> {
    return new Promise((resolve) => {
      this.waiting.push((line) => resolve(JSON.parse(line)));
      this.child.stdin.write(`${command}\n`);
    });
  }

  stop(): void {
    this.child.kill("SIGKILL");
  }
}

/** Sends `command` to every worker at once, so they race on the database. */
async function race<T>(workers: WorkerProcess[], command: string): Promise<T[]> {
  return (await Promise.all(workers.map((worker) => worker.run(command)))) as T[];
}

describe("SQLite stores shared by several processes", () => {
  let home: Awaited<ReturnType<typeof temporaryDirectory>>;
  let workers: WorkerProcess[] = [];
  let stores: SqliteStores;

  beforeAll(async () => {
    home = await temporaryDirectory("processes");
    stores = openSqliteStores(databasePathIn(home.path));
    workers = Array.from({ length: 3 }, () => new WorkerProcess(databasePathIn(home.path)));
    await Promise.all(workers.map((worker) => worker.ready));
  }, 60_000);
  afterAll(async () => {
    for (const worker of workers) worker.stop();
    stores?.close();
    await home?.remove();
  });

  it("never lets racing processes reserve past a run's cap", async () => {
    const results = await race<{ accepted: number }>(workers, "reserve run-ledger 60");

    const spend = (await stores.ledger.snapshot()).find((s) => s.runId === "run-ledger");
    expect(results.reduce((sum, r) => sum + r.accepted, 0)).toBe(100);
    expect(spend).toMatchObject({ reservedUsd: 1, calls: 100, openReservations: 100 });
  });

  it("stores each job's result once and lets exactly one process see a candidate finish", async () => {
    const results = await race<{ stored: number; sawLast: number }>(workers, "complete run-jobs 40");

    expect(results.reduce((sum, r) => sum + r.stored, 0)).toBe(40);
    expect(results.reduce((sum, r) => sum + r.sawLast, 0)).toBe(1);
    expect(await stores.runs.getCounter("run-jobs", "candidate-0:done")).toBe(40);
    expect(await stores.runs.getCounter("run-jobs", "deliveries")).toBe(120);
  });

  it("hands each queued job to exactly one of several consuming processes", async () => {
    const jobs = Array.from({ length: 90 }, (_, i) => ({
      id: `job-${i}`,
      runId: "run-queue",
      kind: "judge",
      payload: i,
    }));
    await stores.queue.enqueueBatch(jobs);

    const results = await race<{ jobIds: string[] }>(workers, "drain");

    const received = results.flatMap((r) => r.jobIds).sort();
    expect(received).toEqual(jobs.map((job) => job.id).sort());
  });
});
