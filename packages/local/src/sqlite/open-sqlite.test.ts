import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { databasePathIn, immediateTransaction, openSqlite } from "./open-sqlite.ts";

describe("openSqlite", () => {
  let dir = "";
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("creates the file and its directory in WAL mode with a busy timeout", async () => {
    dir = await mkdtemp(join(tmpdir(), "judgeloop-open-"));

    const db = openSqlite(databasePathIn(join(dir, "nested", "home")), { busyTimeoutMs: 1234 });
    const journal = db.prepare("PRAGMA journal_mode").get();
    const timeout = db.prepare("PRAGMA busy_timeout").get();
    db.close();

    expect(journal).toEqual({ journal_mode: "wal" });
    expect(Object.values(timeout ?? {})).toEqual([1234]);
  });
});

describe("immediateTransaction", () => {
  it("rolls everything back when the work throws", () => {
    const db = openSqlite(":memory:");
    db.exec("CREATE TABLE t (n INTEGER)");

    expect(() =>
      immediateTransaction(db, () => {
        db.exec("INSERT INTO t VALUES (1)");
        throw new Error("halfway");
      }),
    ).toThrow("halfway");
    const rows = db.prepare("SELECT count(*) AS n FROM t").get();
    db.close();

    expect(rows).toEqual({ n: 0 });
  });
});
