// A process for the driver's crash test: it starts execution "exec-1" of the sum workflow on
// the SQLite stores and file artifacts under the directory given as its argument, logs each
// job it runs to <dir>/executed.log, and keeps going until it is killed.
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { FileArtifactStore } from "../../file-artifact-store.ts";
import { databasePathIn } from "../../sqlite/open-sqlite.ts";
import { openSqliteStores } from "../../sqlite/open-sqlite-stores.ts";
import { LocalWorkflowDriver } from "../local-workflow-driver.ts";
import { WorkerPool } from "../worker-pool.ts";
import { squareOf, sumSquares, sumState } from "./sum-machine.ts";

const home = process.argv[2] ?? "";
const stores = openSqliteStores(databasePathIn(home));
const pool = new WorkerPool({
  queue: stores.queue,
  results: stores.runs,
  concurrency: 2,
  idlePollMs: 5,
  execute: async (job) => {
    await sleep(30);
    appendFileSync(join(home, "executed.log"), `${job.id}\n`);
    return squareOf(job);
  },
});
const driver = new LocalWorkflowDriver({
  step: sumSquares,
  artifacts: new FileArtifactStore(join(home, "artifacts")),
  results: stores.runs,
  queue: stores.queue,
  pool,
});
await driver.start("exec-1", sumState(4, 6));
await driver.wait("exec-1");
