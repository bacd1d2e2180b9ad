import { JudgeloopError } from "@judgeloop/core";
import { describe, expect, it } from "vitest";
import { parseRunSummary, type RunSummary } from "./summary.ts";
import { smallSummary } from "./testing/small-summary.ts";

/** The message of the error `parseRunSummary` throws for `value`. */
function problemsOf(value: unknown): string {
  try {
    parseRunSummary(value);
  } catch (error) {
    if (error instanceof JudgeloopError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error("expected parseRunSummary to throw");
}

type Json = Record<string, unknown>;

/** A deep copy of the small summary as plain JSON, with the value at each dotted path replaced. */
function broken(changes: Record<string, unknown>): Json {
  const copy = JSON.parse(JSON.stringify(smallSummary())) as Json;
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split(".");
    const last = keys.pop() as string;
    const parent = keys.reduce<Json>((node, key) => node[key] as Json, copy);
    parent[last] = value;
  }
  return copy;
}

describe("parseRunSummary", () => {
  it("accepts a summary built from core's metrics", () => {
    const summary = smallSummary();

    const parsed: RunSummary = parseRunSummary(summary);

    expect(parsed.judge?.validation.optimized.kappa.value).toBe(summary.judge?.validation.optimized.kappa.value);
  });

  it("names the field and the reason of a wrongly typed value", () => {
    const summary = broken({ "judge.gate.threshold": "high" });

    expect(problemsOf(summary)).toMatch(/^bad_summary: .*\njudge\.gate\.threshold: .*expected number/s);
  });

  it("names the index of a bad array element", () => {
    const summary = broken({ "optimizer.judge.trials.1.kind": "partial" });

    expect(problemsOf(summary)).toContain("optimizer.judge.trials.1.kind:");
  });

  it("rejects unknown keys, so a misspelt field is not silently ignored", () => {
    const summary = broken({ "overview.modles": {} });

    expect(problemsOf(summary)).toMatch(/overview: .*modles/);
  });

  it("requires a reason for every absent section", () => {
    const { generator: _generator, ...summary } = smallSummary();

    expect(problemsOf(summary)).toContain("notRun.generator: generator is absent, so notRun.generator must say why");
  });

  it("rejects a reason for a section that is present", () => {
    const summary = broken({ "notRun.flips": "it did not run" });

    expect(problemsOf(summary)).toContain("notRun.flips: flips is present");
  });

  it("requires the simulated flag when a model is simulated", () => {
    const summary = broken({ "overview.simulated": false });

    expect(problemsOf(summary)).toContain("overview.simulated: must be true when any model is sim/*");
  });

  it("rejects a flip whose direction disagrees with its verdicts", () => {
    const summary = broken({ "flips.examples.0.direction": "pass-to-fail" });

    expect(problemsOf(summary)).toContain("flips.examples.0.direction: pass-to-fail disagrees with the two verdicts");
  });

  it("rejects a gate verdict that disagrees with its kappa lower bound", () => {
    const summary = broken({ "judge.gate.kappaLower": 0.1 });

    expect(problemsOf(summary)).toContain("judge.gate.passed: must equal kappaLower >= threshold");
  });

  it("rejects a generator comparison run past a closed gate", () => {
    const summary = broken({ "judge.gate.kappaLower": 0.1, "judge.gate.passed": false, "judge.gate.allowed": false });

    expect(problemsOf(summary)).toContain("generator: is present although the gate did not allow the judge");
  });

  it("rejects a trial that points at no candidate instruction", () => {
    const summary = broken({ "optimizer.judge.trials.1.instructionIndex": 5 });

    expect(problemsOf(summary)).toContain("optimizer.judge.trials.1.instructionIndex: names no candidate instruction");
  });

  it("never quotes user text in its messages", () => {
    const summary = broken({ "flips.examples.0.transcript": 42, "flips.examples.0.id": "" });

    const message = problemsOf(summary);

    expect(message).toContain("flips.examples.0.transcript:");
    expect(message).not.toContain("where is my bag");
  });
});
