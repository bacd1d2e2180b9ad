import { describe, expect, it } from "vitest";
import type { Field } from "../signature/field.ts";
import { formatFieldValue } from "./value-format.ts";

const text: Field = { name: "passages", type: { kind: "string" } };
const list: Field = { name: "tags", type: { kind: "string[]" } };

describe("formatFieldValue", () => {
  it("numbers the items of a list given to a string field, fencing multi-line ones", () => {
    expect(formatFieldValue(text, ["one", "two\nlines"])).toBe("[1] «one»\n[2] «««\n    two\n    lines\n»»»");
  });

  it("shows a single item without a number and an empty list as N/A", () => {
    expect([formatFieldValue(text, ["only"]), formatFieldValue(text, [])]).toEqual(["«only»", "N/A"]);
  });

  it("writes lists for list fields and objects as compact JSON", () => {
    expect([formatFieldValue(list, ["a", "b"]), formatFieldValue(text, { k: 1 })]).toEqual(['["a", "b"]', '{"k": 1}']);
  });

  it("prints scalars the way Python's str() does", () => {
    expect([true, false, null, 2, "as is"].map((v) => formatFieldValue(text, v))).toEqual([
      "True",
      "False",
      "None",
      "2",
      "as is",
    ]);
  });
});
