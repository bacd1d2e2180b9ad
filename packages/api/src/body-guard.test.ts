import { describe, expect, it } from "vitest";
import { jsonDepthExceeds } from "./body-guard.ts";

describe("jsonDepthExceeds", () => {
  it("counts nesting of arrays and objects", () => {
    expect(jsonDepthExceeds('{"a": [[1]]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a": [[1]]}', 2)).toBe(true);
  });

  it("ignores brackets inside strings, escaped quotes included", () => {
    expect(jsonDepthExceeds('{"a": "[[[[{{{{"}', 1)).toBe(false);
    expect(jsonDepthExceeds('{"a": "\\"[[[["}', 1)).toBe(false);
  });

  it("scans a deep body in linear time without recursion", () => {
    const deep = `${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}`;

    expect(jsonDepthExceeds(deep, 64)).toBe(true);
  });
});
