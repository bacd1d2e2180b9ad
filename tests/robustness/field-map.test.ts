import {
  applyFieldMap,
  checkRows,
  conversationSchema,
  type FieldMap,
  type ParseResult,
  parseFieldMap,
} from "@judgeloop/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonText, nastyJson, nastyKey, nastyString } from "./support/arbitraries.ts";
import { outcomeOf, propertyRuns } from "./support/properties.ts";

const spec = fc.oneof(
  nastyString(6),
  fc.tuple(nastyKey(), nastyKey()).map(([target, source]) => `${target}=${source}`),
);

/** Rows the way JSON.parse hands them over: `__proto__` is an own key, not a prototype. */
const parsedRows = fc.array(fc.dictionary(nastyKey(), nastyJson(2), { maxKeys: 5 }), { maxLength: 5 }).map(
  (rows): ParseResult => ({
    file: "c.jsonl",
    rows: rows.map((values, i) => ({ values: JSON.parse(jsonText(values)), row: i + 1, line: i + 1 })),
    problems: [],
  }),
);

describe("parseFieldMap", () => {
  it("turns any --map options into one own entry per option or a bad_field_map error", () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 5 }), (specs) => {
        const outcome = outcomeOf(() => parseFieldMap(specs));

        if (!outcome.ok) {
          expect(outcome.error.code).toBe("bad_field_map");
          return;
        }
        expect(Object.keys(outcome.value)).toHaveLength(specs.length);
        expect(Object.getPrototypeOf(outcome.value)).toBe(Object.prototype);
      }),
      propertyRuns(200),
    );
  });

  it("accepts targets named like Object.prototype members", () => {
    const map = parseFieldMap(["constructor=a", "__proto__=b", "toString=c"]);

    expect(Object.entries(map)).toEqual([
      ["constructor", "a"],
      ["__proto__", "b"],
      ["toString", "c"],
    ]);
  });
});

describe("applyFieldMap", () => {
  it("moves each present source column to its target as an own value, and checkRows never throws", () => {
    const map = fc.dictionary(nastyKey(), nastyKey(), { maxKeys: 3 });
    fc.assert(
      fc.property(parsedRows, map, (parsed, fieldMap: FieldMap) => {
        const outcome = outcomeOf(() => applyFieldMap(parsed, fieldMap));

        if (!outcome.ok) throw outcome.error;
        outcome.value.rows.forEach((located, i) => {
          const original = parsed.rows[i]?.values ?? {};
          expect(Object.getPrototypeOf(located.values)).toBe(Object.prototype);
          for (const [target, source] of Object.entries(fieldMap)) {
            expect(Object.hasOwn(located.values, target)).toBe(Object.hasOwn(original, source));
            if (Object.hasOwn(original, source)) expect(located.values[target]).toEqual(original[source]);
          }
        });
        const checked = outcomeOf(() => checkRows(outcome.value, conversationSchema, fieldMap));
        if (!checked.ok) throw checked.error;
      }),
      propertyRuns(200),
    );
  });

  it("does not read a missing column from Object.prototype", () => {
    const parsed: ParseResult = { file: "c.jsonl", rows: [{ values: { a: 1 }, row: 1 }], problems: [] };

    const mapped = applyFieldMap(parsed, { conversation: "toString" });

    expect(mapped.rows[0]?.values).toEqual({ a: 1 });
  });
});
