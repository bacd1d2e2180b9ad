import { describe, expect, it } from "vitest";
import { lineDiff, withContext } from "./diff.ts";

describe("lineDiff", () => {
  it("keeps common lines and lists removed lines before the added ones that replace them", () => {
    const diff = lineDiff("a\nb\nc\nd", "a\nx\nc\nd\ne");

    expect(diff).toEqual([
      { kind: "same", text: "a" },
      { kind: "removed", text: "b" },
      { kind: "added", text: "x" },
      { kind: "same", text: "c" },
      { kind: "same", text: "d" },
      { kind: "added", text: "e" },
    ]);
  });

  it("finds the longest common subsequence in the middle", () => {
    const diff = lineDiff("1\nA\nB\nC\n9", "1\nB\nC\nD\n9");

    expect(diff.filter((l) => l.kind !== "same").map((l) => `${l.kind}:${l.text}`)).toEqual(["removed:A", "added:D"]);
  });

  it("returns only unchanged lines for identical texts", () => {
    const diff = lineDiff("same\ntext", "same\ntext");

    expect(diff.every((l) => l.kind === "same")).toBe(true);
  });
});

describe("withContext", () => {
  it("folds unchanged runs longer than the context into gaps", () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join("\n");
    const after = before.replace("line 10", "changed");

    const view = withContext(lineDiff(before, after), 2);

    expect(view[0]).toEqual({ kind: "gap", count: 8 });
    expect(view.filter((l) => l.kind !== "gap")).toHaveLength(6);
    expect(view.at(-1)).toEqual({ kind: "gap", count: 7 });
  });
});
