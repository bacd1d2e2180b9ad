import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { databasePathIn, openSqlite } from "./open-sqlite.ts";
import { SqliteJobQueue } from "./sqlite-job-queue.ts";

const jobs = [0, 1, 2].map((i) => ({ id: `job-${i}`, runId: "run-1", kind: "judge", payload: i }));

describe("SqliteJobQueue.recoverAbandoned", () => {
  let dir = "";
  const connections: DatabaseSync[] = [];
  const open = (): DatabaseSync => {
    const db = openSqlite(databasePathIn(dir));
    connections.push(db);
    return db;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "judgeloop-queue-"));
  });
  afterEach(async () => {
    for (const db of connections.splice(0)) db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("makes the jobs a dead consumer held visible at once", async () => {
    const crashed = new SqliteJobQueue(open(), { owner: "worker-a" });
    await crashed.enqueueBatch(jobs);
    await crashed.receive(2, 600_000);
    const survivor = new SqliteJobQueue(open(), { owner: "worker-b", isOwnerAlive: (owner) => owner !== "worker-a" });

    const recovered = await survivor.recoverAbandoned();
    const deliveries = await survivor.receive(10, 600_000);

    expect(recovered).toBe(2);
    expect(deliveries.map((d) => d.receiveCount).sort()).toEqual([1, 2, 2]);
  });

  it("leaves the jobs of live consumers hidden", async () => {
    const busy = new SqliteJobQueue(open(), { owner: "worker-a" });
    await busy.enqueueBatch(jobs);
    await busy.receive(2, 600_000);
    const other = new SqliteJobQueue(open(), { owner: "worker-b", isOwnerAlive: () => true });

    expect(await other.recoverAbandoned()).toBe(0);
    expect(await other.receive(10, 600_000)).toHaveLength(1);
  });

  it("tells by default that a consumer died from its process id", async () => {
    const deadPid = spawnSync(process.execPath, ["-e", ""]).pid;
    const crashed = new SqliteJobQueue(open(), { owner: `pid:${deadPid}` });
    const alive = new SqliteJobQueue(open(), { owner: `pid:${process.pid}` });
    await crashed.enqueueBatch(jobs.slice(0, 1));
    await crashed.receive(1, 600_000);
    await alive.enqueueBatch(jobs.slice(1, 2));
    await alive.receive(1, 600_000);
    const recovering = new SqliteJobQueue(open(), { owner: "worker-c" });

    expect(await recovering.recoverAbandoned()).toBe(1);
    expect((await recovering.receive(10, 600_000)).map((d) => d.job.id)).toEqual(["job-0"]);
  });
});

describe("SqliteJobQueue.enqueueBatch", () => {
  it("keeps one copy of a job id that is already waiting in its run", async () => {
    const db = openSqlite(":memory:");
    const queue = new SqliteJobQueue(db);

    await queue.enqueueBatch(jobs);
    await queue.enqueueBatch([...jobs, { id: "job-0", runId: "run-2", kind: "judge", payload: 0 }]);
    const deliveries = await queue.receive(10, 60_000);
    db.close();

    expect(deliveries.map((d) => `${d.job.runId}/${d.job.id}`).sort()).toEqual([
      "run-1/job-0",
      "run-1/job-1",
      "run-1/job-2",
      "run-2/job-0",
    ]);
  });
});
