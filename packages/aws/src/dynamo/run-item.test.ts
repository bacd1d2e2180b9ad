import { newRunRecord } from "@judgeloop/core";
import { describe, expect, it } from "vitest";
import { runFromItem, runItem, runKeys, runUpdate } from "./run-item.ts";

describe("runUpdate", () => {
  it("sets each field and each stage on its own and appends errors", () => {
    const update = runUpdate("run-1", {
      status: "running",
      progress: { done: 1, total: 4 },
      stages: { prepare: { status: "succeeded" } },
      addErrors: [{ at: "t", code: "e", message: "m" }],
    });

    expect(update?.UpdateExpression).toBe(
      "SET #f0 = :v0, #f1 = :v1, #stages.#s0 = :v2, #errors = list_append(#errors, :newErrors)",
    );
    expect(update?.ExpressionAttributeNames).toMatchObject({ "#f0": "status", "#f1": "progress", "#s0": "prepare" });
    expect(update?.ExpressionAttributeValues).toMatchObject({ ":v0": "running", ":v1": '{"done":1,"total":4}' });
  });

  it("is null for a patch that changes nothing", () => {
    expect(runUpdate("run-1", {})).toBeNull();
  });

  it("rejects a status that is not one", () => {
    expect(() => runUpdate("run-1", { status: "paused" as "running" })).toThrow(
      expect.objectContaining({ code: "bad_run_patch" }),
    );
  });
});

describe("runItem", () => {
  it("round-trips a run, keyed for its partition and the runs index", () => {
    const run = newRunRecord({ id: "run-1", kind: "pipeline", input: { n: [1, 2] }, now: "2025-01-01T00:00:00Z" });

    const item = runItem(run);

    expect(item).toMatchObject({ pk: "RUN#run-1", sk: "RUN", gsi1sk: "2025-01-01T00:00:00Z#run-1" });
    expect(item.gsi1pk).toBe(runKeys.runsIndexPartition("run-1"));
    expect(runFromItem(item)).toEqual(run);
  });

  it("lists each run under one of 16 index shards, the same one every time", () => {
    const shards = Array.from({ length: 400 }, (_, i) => runKeys.runsIndexPartition(`run-${i}`));

    expect(new Set(shards).size).toBe(16);
    expect(runKeys.runsIndexPartition("run-7")).toBe(runKeys.runsIndexPartition("run-7"));
    expect(runKeys.runsIndexPartitions()).toHaveLength(17);
    expect(runKeys.runsIndexPartitions()).toEqual(expect.arrayContaining([...new Set(shards), "RUNS"]));
  });
});
