import { describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import { applyRunPatch, checkStoreKey, isTerminalRunStatus, newRunRecord } from "./run-record.ts";
import type { RunStatus } from "./run-store.ts";

const created = newRunRecord({ id: "run-1", kind: "pipeline", input: { seed: 7 }, now: "2025-01-01T00:00:00Z" });

describe("newRunRecord", () => {
  it("starts a run queued, with no stages, spend or errors", () => {
    expect(created).toEqual({
      id: "run-1",
      kind: "pipeline",
      status: "queued",
      createdAt: "2025-01-01T00:00:00Z",
      updatedAt: "2025-01-01T00:00:00Z",
      input: { seed: 7 },
      stages: {},
      spend: { spentUsd: 0, calls: 0 },
      errors: [],
    });
  });

  it("carries the run's caps into its spend", () => {
    const run = newRunRecord({ id: "run-2", kind: "optimize", input: null, now: "t", capUsd: 2, maxCalls: 500 });

    expect(run.spend).toEqual({ spentUsd: 0, calls: 0, capUsd: 2, maxCalls: 500 });
  });
});

describe("applyRunPatch", () => {
  it("replaces named stages whole and keeps the others", () => {
    const started = applyRunPatch(created, {
      stages: { prepare: { status: "succeeded" }, label: { status: "running" } },
    });

    const next = applyRunPatch(started, { stages: { label: { status: "failed", message: "no labels" } } });

    expect(next.stages).toEqual({
      prepare: { status: "succeeded" },
      label: { status: "failed", message: "no labels" },
    });
  });

  it("appends errors and leaves fields the patch does not name", () => {
    const error = { at: "t", code: "lm_auth", message: "openai returned 401" };

    const next = applyRunPatch(created, { status: "failed", addErrors: [error] });

    expect(next).toMatchObject({ status: "failed", errors: [error], input: { seed: 7 }, kind: "pipeline" });
    expect(created.errors).toEqual([]);
  });

  it("refuses a status that is not one", () => {
    expect(() => applyRunPatch(created, { status: "paused" as RunStatus })).toThrow(JudgeloopError);
  });
});

describe("isTerminalRunStatus", () => {
  it("counts only ended runs as terminal", () => {
    const statuses: RunStatus[] = ["queued", "running", "succeeded", "stopped", "failed", "cancelled"];

    expect(statuses.filter(isTerminalRunStatus)).toEqual(["succeeded", "stopped", "failed", "cancelled"]);
  });
});

describe("checkStoreKey", () => {
  it("accepts ids made of letters, digits and ._:=#@+-", () => {
    expect(() => checkStoreKey("jobId", "run-1.judge:cand#3@ex=9+a_b")).not.toThrow();
  });

  it("names the field when it refuses a key", () => {
    expect(() => checkStoreKey("jobId", "a/b")).toThrow(/jobId "a\/b" must be/);
    expect(() => checkStoreKey("jobId", "")).toThrow(JudgeloopError);
    expect(() => checkStoreKey("jobId", "x".repeat(201))).toThrow(JudgeloopError);
  });
});
