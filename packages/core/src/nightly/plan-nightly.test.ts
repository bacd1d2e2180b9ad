import { describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import type { ListedModel, RegisteredModel, WatchedProgram } from "./model-registry.ts";
import { gateBudgetOf, type NightlyInput, planNightly } from "./plan-nightly.ts";

const seen = "2025-01-01T03:00:00Z";
const known = (model: string): RegisteredModel => {
  const [provider = "", id = ""] = model.split("/");
  return { provider, id, firstSeenAt: seen };
};
const listing = (...models: string[]): ListedModel[] =>
  models.map((model) => {
    const [provider = "", id = ""] = model.split("/");
    return { provider, id };
  });

const registry = [
  known("openai/gpt-4o-mini-2024-07-18"),
  known("anthropic/claude-haiku-4-5-20251001"),
  known("gemini/gemini-2.5-flash"),
];
const tonight = listing(
  "openai/gpt-4o-mini-2024-07-18",
  "anthropic/claude-haiku-4-5-20251001",
  "anthropic/claude-haiku-4-5-20260301",
  "gemini/gemini-2.5-flash",
  "gemini/gemini-2.5-flash-preview-09-2025",
);
const support: WatchedProgram = { name: "support", model: "anthropic/claude-haiku-4-5-20251001", runBudgetUsd: 5 };

const plan = (overrides: Partial<NightlyInput> = {}) =>
  planNightly({ registry, listed: tonight, watchedPrograms: [support], nightlyBudgetUsd: 20, ...overrides });

describe("planNightly", () => {
  it("starts exactly one run for a program whose family gained a newer version", () => {
    const result = plan();

    expect(result.runs).toEqual([
      {
        program: "support",
        fromModel: "anthropic/claude-haiku-4-5-20251001",
        toModel: "anthropic/claude-haiku-4-5-20260301",
        budgetUsd: 5,
      },
    ]);
    expect(result.plannedUsd).toBe(5);
  });

  it("plans the pending model of a run an earlier night could not start, though tonight brings no news", () => {
    const pending: WatchedProgram = { ...support, pendingModel: "anthropic/claude-haiku-4-5-20260301" };
    const registered = [...registry, known("anthropic/claude-haiku-4-5-20260301")];

    const result = plan({ registry: registered, watchedPrograms: [pending] });
    const unchanged = plan({ registry: registered });

    expect(result.runs).toEqual([
      {
        program: "support",
        fromModel: "anthropic/claude-haiku-4-5-20251001",
        toModel: "anthropic/claude-haiku-4-5-20260301",
        budgetUsd: 5,
      },
    ]);
    expect(unchanged.runs).toEqual([]);
  });

  it("lists a pending run that still does not fit the budget as skipped again, and ignores a pending model it is on", () => {
    const pending: WatchedProgram = { ...support, pendingModel: "anthropic/claude-haiku-4-5-20260301" };
    const arrived: WatchedProgram = { ...pending, name: "arrived", model: "anthropic/claude-haiku-4-5-20260301" };
    const registered = [...registry, known("anthropic/claude-haiku-4-5-20260301")];

    const result = plan({ registry: registered, watchedPrograms: [pending, arrived], nightlyBudgetUsd: 1 });

    expect(result.runs).toEqual([]);
    expect(result.skipped).toEqual([
      expect.objectContaining({ program: "support", work: "run", model: "anthropic/claude-haiku-4-5-20260301" }),
    ]);
  });

  it("moves to the newest of several new versions, still with one run", () => {
    const listed = [...tonight, ...listing("anthropic/claude-haiku-4-5-20260601")];

    const result = plan({ listed });

    expect(result.runs.map((run) => run.toModel)).toEqual(["anthropic/claude-haiku-4-5-20260601"]);
  });

  it("starts nothing for programs whose family gained nothing, or only a preview", () => {
    const programs: WatchedProgram[] = [
      { name: "a", model: "openai/gpt-4o-mini-2024-07-18", runBudgetUsd: 1 },
      { name: "b", model: "gemini/gemini-2.5-flash", runBudgetUsd: 1 },
    ];

    const result = plan({ watchedPrograms: programs });

    expect(result.runs).toEqual([]);
    expect(result.skipped).toEqual([]);
  });

  it("moves to a preview version when the program opts in", () => {
    const programs: WatchedProgram[] = [
      { name: "b", model: "gemini/gemini-2.5-flash", runBudgetUsd: 1, includePreviews: true },
    ];

    const result = plan({ watchedPrograms: programs });

    expect(result.runs.map((run) => run.toModel)).toEqual(["gemini/gemini-2.5-flash-preview-09-2025"]);
  });

  it("treats a family's first listing as its baseline, not as news", () => {
    const result = plan({ registry: [] });

    expect(result.diff.added).toHaveLength(5);
    expect(result.runs).toEqual([]);
  });

  it("does not move a pinned program to an older version that appears late", () => {
    const programs: WatchedProgram[] = [{ ...support, model: "anthropic/claude-haiku-4-5-20260301" }];
    const registryWithNew = [...registry, known("anthropic/claude-haiku-4-5-20260301")];
    const listed = [...tonight, ...listing("anthropic/claude-haiku-4-5-20251101")];

    const result = plan({ registry: registryWithNew, listed, watchedPrograms: programs });

    expect(result.runs).toEqual([]);
  });

  it("plans in program name order while the caps fit and lists the rest as skipped", () => {
    const programs: WatchedProgram[] = ["c", "a", "b"].map((name) => ({ ...support, name, runBudgetUsd: 8 }));

    const result = plan({ watchedPrograms: programs });

    expect(result.runs.map((run) => run.program)).toEqual(["a", "b"]);
    expect(result.skipped).toEqual([
      {
        program: "c",
        work: "run",
        model: "anthropic/claude-haiku-4-5-20260301",
        reason: "needs $8 but $4 of the $20 nightly budget is left",
      },
    ]);
    expect(result.plannedUsd).toBe(16);
  });

  it("adds dollars without floating-point drift", () => {
    const programs: WatchedProgram[] = ["a", "b", "c"].map((name) => ({ ...support, name, runBudgetUsd: 0.1 }));

    const result = plan({ watchedPrograms: programs, nightlyBudgetUsd: 0.3 });

    expect(result.runs).toHaveLength(3);
    expect(result.plannedUsd).toBeCloseTo(0.3, 12);
  });

  it("plans nothing with a zero budget, skipping every due item", () => {
    const result = plan({ nightlyBudgetUsd: 0 });

    expect(result.runs).toEqual([]);
    expect(result.skipped.map((item) => item.work)).toEqual(["run"]);
  });
});

describe("planNightly gold re-scores", () => {
  const judged = (judge: WatchedProgram["judge"]): WatchedProgram[] => [
    { name: "support", model: "openai/gpt-4o-mini-2024-07-18", runBudgetUsd: 5, judge },
  ];
  const judge = { goldSetId: "gold-1", rescoreBudgetUsd: 1 };

  it("re-scores the gold set when the judge's model moved since it was scored", () => {
    const watchedPrograms = judged({
      ...judge,
      model: "anthropic/claude-haiku-4-5-20260301",
      scoredWithModel: "anthropic/claude-haiku-4-5-20251001",
    });

    const result = plan({ watchedPrograms });

    expect(result.rescores).toEqual([
      {
        program: "support",
        goldSetId: "gold-1",
        judgeModel: "anthropic/claude-haiku-4-5-20260301",
        reason:
          "the judge moved from anthropic/claude-haiku-4-5-20251001 to anthropic/claude-haiku-4-5-20260301 since the gold set was scored",
        budgetUsd: 1,
      },
    ]);
  });

  it("re-scores when a floating judge's family gained a version it may now resolve to", () => {
    const model = "anthropic/claude-haiku-4-5";
    const watchedPrograms = judged({ ...judge, model, scoredWithModel: model });

    const result = plan({ watchedPrograms });

    expect(result.rescores.map((rescore) => rescore.reason)).toEqual([
      "the judge anthropic/claude-haiku-4-5 floats and its family gained claude-haiku-4-5-20260301",
    ]);
  });

  it("leaves a pinned judge's gold set alone when only a newer version appeared", () => {
    const model = "anthropic/claude-haiku-4-5-20251001";
    const watchedPrograms = judged({ ...judge, model, scoredWithModel: model });

    const result = plan({ watchedPrograms });

    expect(result.rescores).toEqual([]);
  });

  it("counts re-scores against the nightly budget before the program's run", () => {
    const programs: WatchedProgram[] = [
      { ...support, runBudgetUsd: 5, judge: { ...judge, model: "openai/gpt-4o-mini-2024-07-18", rescoreBudgetUsd: 2 } },
    ];

    const result = plan({ watchedPrograms: programs, nightlyBudgetUsd: 6 });

    expect(result.rescores).toHaveLength(1);
    expect(result.runs).toEqual([]);
    expect(result.skipped.map((item) => item.work)).toEqual(["run"]);
  });
});

describe("planNightly input checks", () => {
  it.each([
    [{ nightlyBudgetUsd: -1 }, /nightlyBudgetUsd must be a finite number ≥ 0/],
    [{ watchedPrograms: [{ ...support, model: "claude" }] }, /watchedPrograms\[0\]\.model/],
    [{ watchedPrograms: [{ ...support, runBudgetUsd: 0 }] }, /watchedPrograms\[0\]\.runBudgetUsd/],
    [{ watchedPrograms: [support, support] }, /"support" is watched twice/],
  ])("rejects %j naming the field", (overrides, message) => {
    expect(() => plan(overrides)).toThrow(message);
    expect(() => plan(overrides)).toThrow(JudgeloopError);
  });
});

describe("gateBudgetOf", () => {
  it("is the program's gateBudgetUsd, or a quarter of its run budget", () => {
    expect(gateBudgetOf({ runBudgetUsd: 5, gateBudgetUsd: 0.4 })).toBe(0.4);
    expect(gateBudgetOf({ runBudgetUsd: 5 })).toBe(1.25);
    expect(gateBudgetOf({ runBudgetUsd: 0.3 })).toBe(0.075);
  });

  it("rejects a gate budget that is not a positive number of dollars", () => {
    expect(() => plan({ watchedPrograms: [{ ...support, gateBudgetUsd: 0 }] })).toThrow(
      /watchedPrograms\[0\]\.gateBudgetUsd must be a finite number > 0/,
    );
  });
});
