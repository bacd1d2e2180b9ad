import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseConfig, parseConfigText } from "./config.ts";

const bundledConfig = fileURLToPath(
  new URL("../../../../examples/airline-support/reference.config.json", import.meta.url),
);

describe("parseConfig", () => {
  it("reads the bundled example config with the reference preparation", () => {
    const config = parseConfigText(readFileSync(bundledConfig, "utf8"), "judgeloop.config.json");

    expect(config.prepare).toMatchObject({
      seed: 10,
      languages: ["en"],
      truncation: { seed: 101, minTurns: 1, ensureCustomerLast: true },
      sample: { size: 400 },
      splits: { judgeSet: 160, judgeValidation: 50, devHoldout: 40 },
    });
    expect(config.models.gold).toBe("anthropic/claude-sonnet-4-5");
  });

  it("fills in defaults for everything but the input", () => {
    const config = parseConfig({ data: { input: "c.jsonl" } }, "c.json");

    expect(config.prepare.languages).toEqual(["en"]);
    expect(config.prepare.truncation).toEqual({ minTurns: 1, ensureCustomerLast: true });
    expect(config.data.map).toEqual({});
  });

  it("lists every problem with its key path, unknown keys included", () => {
    const bad = { data: {}, prepare: { sampel: { size: 4 }, splits: { judgeSet: 2.5 } }, extra: 1 };

    expect(() => parseConfig(bad, "c.json")).toThrow(
      [
        "c.json is not a valid judgeloop config:",
        "  data.input: is required",
        "  prepare.splits.judgeSet: expected a row count or a fraction between 0 and 1",
        "  prepare.sampel: unknown key",
        "  extra: unknown key",
      ].join("\n"),
    );
  });

  it("takes data.synthesize instead of data.input, with defaults", () => {
    const config = parseConfig({ data: { synthesize: { seeds: "seeds.csv", n: 50 } } }, "c.json");

    expect(config.data.input).toBeUndefined();
    expect(config.data.synthesize).toEqual({
      seeds: "seeds.csv",
      n: 50,
      turns: { min: 2, max: 6 },
      seed: 0,
      languages: ["en"],
      maxAttempts: 3,
    });
  });

  it("refuses data.input and data.synthesize together, and a reversed turn range", () => {
    const both = { data: { input: "c.jsonl", synthesize: { seeds: "s.csv", n: 5 } } };
    const reversed = { data: { synthesize: { seeds: "s.csv", n: 5, turns: { min: 6, max: 2 } } } };

    expect(() => parseConfig(both, "c.json")).toThrow(
      /data\.synthesize: give data\.input or data\.synthesize, not both/,
    );
    expect(() => parseConfig(reversed, "c.json")).toThrow(/data\.synthesize\.turns\.min: min is above max/);
  });

  it("rejects a model name without a provider", () => {
    expect(() => parseConfig({ data: { input: "x" }, models: { judge: "gpt-4o" } }, "c.json")).toThrow(
      /models\.judge: expected provider\/model/,
    );
  });
});

describe("parseConfigText", () => {
  it("reports text that is not JSON", () => {
    expect(() => parseConfigText("{ nope", "c.json")).toThrow("c.json is not valid JSON");
  });
});
