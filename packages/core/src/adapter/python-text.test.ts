import { describe, expect, it } from "vitest";
import { pyCleandoc, pyDedent, pyJsonDumps, pyNumber, pySplitLines, pyStrip } from "./python-text.ts";

// Expected values are what CPython 3.11 returns for the same calls.

describe("pyStrip", () => {
  it("strips the characters Python counts as whitespace, which String.trim does not all cover", () => {
    expect(pyStrip("\x1c\x85 text \n")).toBe("text");
  });
});

describe("pySplitLines", () => {
  it("splits on every Python line boundary and drops the piece after a final break", () => {
    expect(pySplitLines("a\r\nb\rc\vd\n")).toEqual(["a", "b", "c", "d"]);
  });
});

describe("pyDedent", () => {
  it("removes the common indent and blanks whitespace-only lines", () => {
    expect(pyDedent("    a\n  \n      b")).toBe("a\n\n  b");
  });
});

describe("pyCleandoc", () => {
  it("drops blank edge lines and the indent shared by all lines after the first", () => {
    expect(pyCleandoc("\n    Judge.\n\n      Be strict.\n  ")).toBe("Judge.\n\n  Be strict.");
  });
});

describe("pyNumber", () => {
  it("switches to exponent notation where Python's repr does", () => {
    expect([pyNumber(0.0001), pyNumber(0.00001), pyNumber(1.5e-7), pyNumber(0.75)]).toEqual([
      "0.0001",
      "1e-05",
      "1.5e-07",
      "0.75",
    ]);
  });
});

describe("pyJsonDumps", () => {
  it("separates items with a comma and a space unless indenting", () => {
    // Prepare
    const value = { a: [1, "é"], b: {}, c: null };

    // Act
    const compact = pyJsonDumps(value);
    const indented = pyJsonDumps(value, 2);

    // Assess
    expect(compact).toBe('{"a": [1, "é"], "b": {}, "c": null}');
    expect(indented).toBe('{\n  "a": [\n    1,\n    "é"\n  ],\n  "b": {},\n  "c": null\n}');
  });
});
