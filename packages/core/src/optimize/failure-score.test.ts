import { describe, expect, it } from "vitest";
import { isProgramFailure, selectionScore } from "./failure-score.ts";

describe("selectionScore", () => {
  it("keeps a scored example's score", () => {
    expect(selectionScore({ status: "scored", score: 0.5 })).toBe(0.5);
  });

  it("scores a parse failure, a truncation and a refusal as the failure score", () => {
    for (const errorKind of ["parse", "truncated", "content_filter", "exception"]) {
      expect(selectionScore({ status: "error", score: null, errorKind })).toBe(0);
      expect(selectionScore({ status: "error", score: null, errorKind }, 0.25)).toBe(0.25);
    }
  });

  it("excludes infrastructure errors, metric failures and examples that never ran", () => {
    for (const errorKind of ["rate_limit", "server", "timeout", "metric"]) {
      expect(selectionScore({ status: "error", score: null, errorKind })).toBeNull();
    }
    expect(selectionScore({ status: "not_run", score: null, errorKind: "budget_exceeded" })).toBeNull();
  });
});

describe("isProgramFailure", () => {
  it("counts an error without a kind as the program's", () => {
    expect(isProgramFailure(undefined)).toBe(true);
    expect(isProgramFailure("server")).toBe(false);
  });
});
