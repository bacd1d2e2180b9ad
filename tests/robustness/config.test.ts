import { readFile } from "node:fs/promises";
import { parseConfig, parseConfigText } from "@judgeloop/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  deeplyNestedArray,
  deeplyNestedObject,
  jsonText,
  nastyJson,
  nastyKey,
  nastyString,
} from "./support/arbitraries.ts";
import { outcomeOf, propertyRuns } from "./support/properties.ts";

const exampleConfig = JSON.parse(
  await readFile(new URL("../../examples/airline-support/judgeloop.config.json", import.meta.url), "utf8"),
) as Record<string, unknown>;

/** A JSON path into the example config, to replace with a random value. */
const configPath = fc.constantFrom(
  [],
  ["name"],
  ["data"],
  ["data", "input"],
  ["data", "map"],
  ["data", "map", "transcript"],
  ["data", "format"],
  ["prepare"],
  ["prepare", "seed"],
  ["prepare", "languages"],
  ["prepare", "truncation", "minTurns"],
  ["prepare", "sample", "size"],
  ["prepare", "splits", "judgeSet"],
  ["models", "judge"],
  ["models"],
);

function withValueAt(config: Record<string, unknown>, path: readonly string[], key: string, value: unknown): unknown {
  const copy = structuredClone(config) as Record<string, unknown>;
  let target: Record<string, unknown> = copy;
  for (const segment of path) {
    const next = target[segment];
    if (next === null || typeof next !== "object" || Array.isArray(next)) return copy;
    target = next as Record<string, unknown>;
  }
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Every line after the first names a key path (or the top level) and a reason. */
function expectLocatedMessage(message: string, file: string): void {
  const [first, ...lines] = message.split("\n");
  expect(first).toBe(`${file} is not a valid judgeloop config:`);
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line).toMatch(/^ {2}\S.*: \S/);
}

describe("parseConfigText", () => {
  it("parses any text into a config or a bad_config error", () => {
    const text = fc.oneof(nastyString(40), nastyJson(4).map(jsonText));
    fc.assert(
      fc.property(text, (input) => {
        const outcome = outcomeOf(() => parseConfigText(input, "judgeloop.config.json"));

        if (!outcome.ok) expect(outcome.error.code).toBe("bad_config");
      }),
      propertyRuns(200),
    );
  });

  it("reports deep nesting as an invalid config, not a stack overflow", () => {
    for (const deep of [deeplyNestedArray(100_000), deeplyNestedObject(100_000)]) {
      const outcome = outcomeOf(() => parseConfigText(`{"data": {"input": "c.jsonl", "map": ${deep}}}`, "c.json"));

      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expectLocatedMessage(outcome.error.message, "c.json");
    }
  });
});

describe("parseConfig", () => {
  it("accepts or rejects a config with one value replaced, naming the key path of every problem", () => {
    fc.assert(
      fc.property(configPath, nastyKey(), nastyJson(3), (path, key, value) => {
        const config = JSON.parse(jsonText(withValueAt(exampleConfig, path, key, value)));

        const outcome = outcomeOf(() => parseConfig(config, "judgeloop.config.json"));

        if (outcome.ok) {
          expect(typeof outcome.value.data.input).toBe("string");
          expect(Object.getPrototypeOf(outcome.value)).toBe(Object.prototype);
          return;
        }
        expect(outcome.error.code).toBe("bad_config");
        expectLocatedMessage(outcome.error.message, "judgeloop.config.json");
      }),
      propertyRuns(200),
    );
  });

  it("reports a __proto__ key as unknown instead of treating it as the prototype", () => {
    const config = JSON.parse('{"data": {"input": "c.jsonl"}, "__proto__": {"name": "injected"}}');

    const outcome = outcomeOf(() => parseConfig(config, "c.json"));

    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).toContain("__proto__: unknown key");
  });
});

describe("parseConfig messages", () => {
  it("quotes an empty or multi-line key, so each line of the message names one path", () => {
    const config = JSON.parse('{"data": {"input": "c.jsonl", "": 1, "a\\nb: fine": 2, "\\u2028": 3}}');

    const outcome = outcomeOf(() => parseConfig(config, "c.json"));

    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.message.split("\n").slice(1)).toEqual([
      '  data."": unknown key',
      '  data."a\\nb: fine": unknown key',
      '  data."\\u2028": unknown key',
    ]);
  });
});
