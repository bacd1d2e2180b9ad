import { join } from "node:path";
import { FileArtifactStore } from "../file-artifact-store.ts";
import { databasePathIn } from "../sqlite/open-sqlite.ts";
import { openSqliteStores, type SqliteStores } from "../sqlite/open-sqlite-stores.ts";

/** The embedded runtime of one judgeloop home: SQLite stores and the artifact directory. */
export interface LocalRuntime {
  home: string;
  stores: SqliteStores;
  artifacts: FileArtifactStore;
  close(): void;
}

/**
 * Opens the stores under `home` (`JUDGELOOP_HOME`, default `.judgeloop`): `judgeloop.db` for
 * runs, results, counters, the budget ledger and the LM cache; files for datasets, programs,
 * checkpoints and reports.
 *
 * @example
 * const runtime = openLocalRuntime(".judgeloop");
 * try { await runtime.stores.runs.listRuns(); } finally { runtime.close(); }
 */
export function openLocalRuntime(home: string): LocalRuntime {
  const stores = openSqliteStores(databasePathIn(home));
  return { home, stores, artifacts: new FileArtifactStore(home), close: () => stores.close() };
}

/**
 * The directory of one run's report and summary.
 *
 * @example
 * runDirectory(".judgeloop", "run-1"); // ".judgeloop/runs/run-1"
 */
export function runDirectory(home: string, runId: string): string {
  return join(home, "runs", runId);
}
