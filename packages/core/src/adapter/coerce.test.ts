import { describe, expect, it } from "vitest";
import { z } from "zod";
import { enumType, type Field, type FieldType, jsonType } from "../signature/field.ts";
import { coerceFieldValue } from "./coerce.ts";
import { ParseError } from "./parse-error.ts";

const field = (type: FieldType): Field => ({ name: "value", type });

describe("coerceFieldValue", () => {
  it.each([
    [true, true],
    ["True", true],
    ["true", true],
    ["1", true],
    [1, true],
    ["yes", true],
    ["`True`.", true],
    [false, false],
    ["False", false],
    ["0", false],
    ["no", false],
  ])("reads %j as the boolean %j", (raw, expected) => {
    expect(coerceFieldValue(field({ kind: "boolean" }), raw)).toBe(expected);
  });

  it("reads numbers from numeric strings and rejects other text", () => {
    // Act
    const number = coerceFieldValue(field({ kind: "number" }), " 0.75 ");
    const integer = coerceFieldValue(field({ kind: "integer" }), "4");
    const prose = () => coerceFieldValue(field({ kind: "number" }), "about 3");

    // Assess
    expect(number).toBe(0.75);
    expect(integer).toBe(4);
    expect(prose).toThrow('output field `value`: expected a number, got "about 3"');
  });

  it("rejects a fractional value for an integer field", () => {
    expect(() => coerceFieldValue(field({ kind: "integer" }), 2.5)).toThrow("expected an integer");
  });

  it("matches enum values case-insensitively and returns the declared spelling", () => {
    // Prepare
    const label = field(enumType(["Good", "Bad"]));

    // Act
    const fromLower = coerceFieldValue(label, "good");
    const fromLiteral = coerceFieldValue(label, "Literal['Bad']");
    const unknown = () => coerceFieldValue(label, "fine");

    // Assess
    expect(fromLower).toBe("Good");
    expect(fromLiteral).toBe("Bad");
    expect(unknown).toThrow("expected one of Good, Bad");
  });

  it("reads a list of strings from an array, JSON text or comma-separated text", () => {
    // Act
    const fromArray = coerceFieldValue(field({ kind: "string[]" }), ["a", 2]);
    const fromText = coerceFieldValue(field({ kind: "string[]" }), "['a', 'b']");
    const fromCommas = coerceFieldValue(field({ kind: "string[]" }), "a, b");
    const notAList = () => coerceFieldValue(field({ kind: "string[]" }), "just one sentence");

    // Assess
    expect(fromArray).toEqual(["a", "2"]);
    expect(fromText).toEqual(["a", "b"]);
    expect(fromCommas).toEqual(["a", "b"]);
    expect(notAList).toThrow("expected a list of strings");
  });

  it("validates a JSON field with its zod schema and names the failing path", () => {
    // Prepare
    const finding = field(jsonType(z.object({ issue: z.string(), severity: z.number().int() })));

    // Act
    const parsed = coerceFieldValue(finding, '{"issue": "late", "severity": 2}');
    const error = (() => {
      try {
        coerceFieldValue(finding, { issue: "late", severity: "high" });
      } catch (caught) {
        return caught;
      }
    })();

    // Assess
    expect(parsed).toEqual({ issue: "late", severity: 2 });
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toMatch(/^output field `value`: does not match its schema at severity/);
  });

  it("turns any scalar into text for a string field, the way Python's str() prints it", () => {
    // Act
    const fromBoolean = coerceFieldValue(field({ kind: "string" }), false);
    const fromNumber = coerceFieldValue(field({ kind: "string" }), 3);

    // Assess
    expect(fromBoolean).toBe("False");
    expect(fromNumber).toBe("3");
  });

  it("rejects null for every type", () => {
    expect(() => coerceFieldValue(field({ kind: "string" }), null)).toThrow("output field `value`: is null");
  });

  it("quotes at most a short excerpt of a bad value", () => {
    // Act
    const act = () => coerceFieldValue(field({ kind: "boolean" }), "x".repeat(500));

    // Assess
    expect(act).toThrow(/got "x{37}\.\.\."$/);
  });
});
