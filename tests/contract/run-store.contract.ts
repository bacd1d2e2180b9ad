import { newRunRecord, type RunRecord, type RunStore } from "@judgeloop/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rejectionCode } from "./harness.ts";

export interface RunStoreHarness {
  store: RunStore;
  /** A second connection to the same data, as another process would open; absent in memory. */
  connect?: () => Promise<RunStore>;
  close(): Promise<void>;
}

function run(id: string, createdAt = "2025-01-01T00:00:00.000Z"): RunRecord {
  return newRunRecord({ id, kind: "pipeline", input: { config: "airline" }, now: createdAt, capUsd: 5 });
}

/**
 * The behaviour every RunStore adapter must have, written against the port alone: call it
 * once per adapter with a factory of fresh, empty stores.
 *
 * @example
 * runStoreContract("InMemoryRunStore", async () => ({ store: new InMemoryRunStore(), close: async () => {} }));
 */
export function runStoreContract(name: string, makeHarness: () => Promise<RunStoreHarness>): void {
  describe(`${name} (RunStore contract)`, () => {
    let harness: RunStoreHarness;
    let store: RunStore;
    /** The store itself and, when the adapter has them, a second connection: writers to share work. */
    let writers: RunStore[];

    beforeEach(async () => {
      harness = await makeHarness();
      store = harness.store;
      writers = harness.connect ? [store, await harness.connect()] : [store];
    });
    afterEach(async () => {
      await harness.close();
    });

    const writer = (index: number): RunStore => writers[index % writers.length] ?? store;

    it("creates a run once and returns the stored one to a second create", async () => {
      await store.createRun(run("run-1"));

      const again = await store.createRun({ ...run("run-1"), kind: "optimize" });

      expect(again).toEqual({ created: false, run: run("run-1") });
      expect(await store.getRun("run-1")).toEqual(run("run-1"));
    });

    it("returns null for a run that does not exist", async () => {
      expect(await store.getRun("run-missing")).toBeNull();
    });

    it("lists runs newest first, filtered by status and limited", async () => {
      await store.createRun(run("run-a", "2025-01-01T00:00:00.000Z"));
      await store.createRun(run("run-b", "2025-01-03T00:00:00.000Z"));
      await store.createRun(run("run-c", "2025-01-02T00:00:00.000Z"));
      await store.updateRun("run-c", { status: "running" });

      const all = await store.listRuns();
      const running = await store.listRuns({ status: "running" });
      const newest = await store.listRuns({ limit: 1 });

      expect(all.map((r) => r.id)).toEqual(["run-b", "run-c", "run-a"]);
      expect(running.map((r) => r.id)).toEqual(["run-c"]);
      expect(newest.map((r) => r.id)).toEqual(["run-b"]);
    });

    it("pages through runs with `before`, same-instant runs ordered by id, none skipped or repeated", async () => {
      const instants = ["2025-01-01T00:00:00.000Z", "2025-01-02T00:00:00.000Z", "2025-01-03T00:00:00.000Z"];
      const ids = Array.from({ length: 12 }, (_, i) => `run-${String(i).padStart(2, "0")}`);
      await Promise.all(ids.map((id, i) => store.createRun(run(id, instants[i % 3]))));
      await store.updateRun("run-04", { status: "running" });
      await store.updateRun("run-07", { status: "running" });

      const pages: string[][] = [];
      let before: { createdAt: string; id: string } | undefined;
      for (let page = await store.listRuns({ limit: 5 }); page.length > 0; ) {
        pages.push(page.map((r) => r.id));
        const last = page.at(-1) as RunRecord;
        before = { createdAt: last.createdAt, id: last.id };
        page = await store.listRuns({ limit: 5, before });
      }
      const running = await store.listRuns({
        status: "running",
        before: { createdAt: instants[2] ?? "", id: "run-00" },
      });

      expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
      expect(pages.flat()).toEqual((await store.listRuns()).map((r) => r.id));
      expect(pages.flat().slice(0, 4)).toEqual(["run-11", "run-08", "run-05", "run-02"]);
      expect(new Set(pages.flat()).size).toBe(12);
      expect(running.map((r) => r.id)).toEqual(["run-07", "run-04"]);
    });

    it("replaces fields, replaces stages by name and appends errors on update", async () => {
      await store.createRun(run("run-1"));
      await store.updateRun("run-1", { stages: { prepare: { status: "succeeded" }, generate: { status: "running" } } });
      const error = { at: "2025-01-01T00:01:00.000Z", code: "lm_server", message: "openai returned 503" };

      const updated = await store.updateRun("run-1", {
        status: "running",
        progress: { done: 3, total: 10, unit: "examples" },
        spend: { spentUsd: 0.25, calls: 12, capUsd: 5 },
        stages: { generate: { status: "succeeded", output: { datasetId: "abc" } } },
        addErrors: [error],
      });

      expect(updated).toMatchObject({
        status: "running",
        progress: { done: 3, total: 10, unit: "examples" },
        spend: { spentUsd: 0.25, calls: 12, capUsd: 5 },
        stages: { prepare: { status: "succeeded" }, generate: { status: "succeeded", output: { datasetId: "abc" } } },
        errors: [error],
      });
      expect(await store.getRun("run-1")).toEqual(updated);
    });

    it("applies no update whose status condition fails", async () => {
      await store.createRun(run("run-1"));

      const refused = await store.updateRun("run-1", { status: "cancelled" }, { status: ["running"] });

      expect(refused).toBeNull();
      expect((await store.getRun("run-1"))?.status).toBe("queued");
    });

    it("lets exactly one of many racing writers move a run out of a status", async () => {
      await store.createRun(run("run-1"));

      const attempts = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          writer(i).updateRun("run-1", { status: "running" }, { status: ["queued"] }),
        ),
      );

      expect(attempts.filter((updated) => updated !== null)).toHaveLength(1);
    });

    it("keeps every error appended by concurrent updates", async () => {
      await store.createRun(run("run-1"));

      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          writer(i).updateRun("run-1", { addErrors: [{ at: "t", code: "e", message: `error ${i}` }] }),
        ),
      );

      expect((await store.getRun("run-1"))?.errors).toHaveLength(20);
    });

    it("rejects an update of a run that does not exist", async () => {
      expect(await rejectionCode(store.updateRun("run-missing", { status: "running" }))).toBe("run_not_found");
    });

    it("stores a trial once per stage and index and lists trials in order", async () => {
      const trial = (stage: string, index: number, score: number) => ({ stage, index, score, candidate: { i: index } });
      await store.appendTrial("run-1", trial("judge-optimize", 1, 0.7));
      await store.appendTrial("run-1", trial("judge-optimize", 0, 0.6));
      await store.appendTrial("run-1", trial("generator-optimize", 0, 0.5));

      const repeated = await store.appendTrial("run-1", trial("judge-optimize", 1, 0.9));

      expect(repeated).toEqual({ stored: false });
      expect((await store.listTrials("run-1")).map((t) => [t.stage, t.index, t.score])).toEqual([
        ["generator-optimize", 0, 0.5],
        ["judge-optimize", 0, 0.6],
        ["judge-optimize", 1, 0.7],
      ]);
      expect(await store.listTrials("run-1", { stage: "judge-optimize" })).toHaveLength(2);
      expect(await store.listTrials("run-2")).toEqual([]);
    });

    it("stores a job's first result only", async () => {
      const first = await store.putResultOnce("run-1", "job-1", { score: 1, text: "ok" });

      const second = await store.putResultOnce("run-1", "job-1", { score: 0 });

      expect([first, second]).toEqual([{ stored: true }, { stored: false }]);
      expect(await store.getResults("run-1", ["job-1", "job-2"])).toEqual(
        new Map([["job-1", { score: 1, text: "ok" }]]),
      );
    });

    it("keeps results of different runs apart", async () => {
      await store.putResultOnce("run-1", "job-1", "a");

      const other = await store.putResultOnce("run-2", "job-1", "b");

      expect(other.stored).toBe(true);
      expect((await store.getResults("run-2", ["job-1"])).get("job-1")).toBe("b");
    });

    it("stores a copy of a result, not the caller's object", async () => {
      const result = { score: 1 };
      await store.putResultOnce("run-1", "job-1", result);

      result.score = 0;

      expect((await store.getResults("run-1", ["job-1"])).get("job-1")).toEqual({ score: 1 });
    });

    it("does not count a redelivered job twice", async () => {
      const deliveries = ["a", "b", "c", "d", "e"].flatMap((job) => [job, job, job]);

      const outcomes = await Promise.all(
        deliveries.map(async (jobId, i) => {
          const { stored } = await writer(i).putResultOnce("run-1", `job-${jobId}`, { by: i });
          if (stored) await writer(i).increment("run-1", "candidate-0:done");
          return stored;
        }),
      );

      expect(outcomes.filter(Boolean)).toHaveLength(5);
      expect(await store.getCounter("run-1", "candidate-0:done")).toBe(5);
    });

    it("increments atomically, so exactly one caller sees the final value", async () => {
      const values = await Promise.all(Array.from({ length: 60 }, (_, i) => writer(i).increment("run-1", "done")));

      expect(values.sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    });

    it("counts a member once however often it is counted", async () => {
      const members = ["job-a", "job-b", "job-c", "job-a", "job-c", "job-a"];

      const counts = await Promise.all(members.map((m, i) => writer(i).countOnce("run-1", "candidate-0", m)));

      expect(counts.filter((c) => c.counted)).toHaveLength(3);
      expect(counts.filter((c) => c.counted && c.value === 3)).toHaveLength(1);
      expect(await store.countOnce("run-1", "candidate-0", "job-b")).toEqual({ counted: false, value: 3 });
    });

    it("starts counters at zero, per run and per name, and steps by whole numbers", async () => {
      await store.increment("run-1", "a", 5);
      await store.increment("run-1", "a", -2);

      expect(await store.getCounter("run-1", "a")).toBe(3);
      expect(await store.getCounter("run-1", "b")).toBe(0);
      expect(await store.getCounter("run-2", "a")).toBe(0);
      expect(await rejectionCode(store.increment("run-1", "a", 0.5))).toBe("bad_counter_step");
    });

    it("rejects keys that could not key a store item, and values that are not JSON", async () => {
      expect(await rejectionCode(store.putResultOnce("run-1", "", 1))).toBe("bad_store_key");
      expect(await rejectionCode(store.putResultOnce("../run", "job-1", 1))).toBe("bad_store_key");
      expect(await rejectionCode(store.putResultOnce("run-1", "job-1", { n: 1n }))).toBe("not_json");
      expect(await store.getResults("run-1", ["job-1"])).toEqual(new Map());
    });
  });
}
