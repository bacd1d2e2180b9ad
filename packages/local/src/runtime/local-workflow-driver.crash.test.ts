import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { FileArtifactStore } from "../file-artifact-store.ts";
import { databasePathIn } from "../sqlite/open-sqlite.ts";
import { openSqliteStores } from "../sqlite/open-sqlite-stores.ts";
import { LocalWorkflowDriver } from "./local-workflow-driver.ts";
import { squareOf, sumOfSquares, sumSquares } from "./testdata/sum-machine.ts";
import { WorkerPool } from "./worker-pool.ts";

const childScript = fileURLToPath(new URL("./testdata/crash-child.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../..", import.meta.url));
const allJobIds = Array.from({ length: 4 }, (_, round) =>
  Array.from({ length: 6 }, (_, k) => `round-${round}-x-${round * 6 + k + 1}`),
).flat();

async function loggedJobs(home: string): Promise<string[]> {
  const text = await readFile(join(home, "executed.log"), "utf8").catch(() => "");
  return text.split("\n").filter(Boolean);
}

/** Starts the crash child and SIGKILLs it once it has run `jobs` jobs; resolves after it is gone. */
async function runChildUntilKilled(home: string, jobs: number): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", childScript, home], { cwd: repoRoot, stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  while ((await loggedJobs(home)).length < jobs) {
    if (child.exitCode !== null) throw new Error(`the child exited early with ${child.exitCode}`);
    await sleep(5);
  }
  child.kill("SIGKILL");
  await exited;
}

describe("LocalWorkflowDriver after a crash", () => {
  let home = "";
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it("resumes a SIGKILLed execution without re-running jobs whose results were stored", async () => {
    home = await mkdtemp(join(tmpdir(), "judgeloop-crash-"));
    await runChildUntilKilled(home, 9);
    const stores = openSqliteStores(databasePathIn(home));
    const storedBefore = await stores.runs.getResults("exec-1", allJobIds);
    const rerun: string[] = [];
    const pool = new WorkerPool({
      queue: stores.queue,
      results: stores.runs,
      concurrency: 3,
      idlePollMs: 5,
      execute: async (job) => {
        rerun.push(job.id);
        return squareOf(job);
      },
    });
    const artifacts = new FileArtifactStore(join(home, "artifacts"));
    const driver = new LocalWorkflowDriver({
      step: sumSquares,
      artifacts,
      results: stores.runs,
      queue: stores.queue,
      pool,
    });

    await driver.resume("exec-1");
    const final = await driver.wait("exec-1");
    await pool.stop();
    stores.close();

    expect(final).toMatchObject({ status: "succeeded", result: { total: sumOfSquares(24), failures: [] } });
    expect(storedBefore.size).toBeGreaterThanOrEqual(7);
    expect(rerun.sort()).toEqual(allJobIds.filter((id) => !storedBefore.has(id)).sort());
  });
});
