import { describe, expect, it } from "vitest";
import { gepaOptionsFrom } from "./optimizer-options.ts";
import { parseRunConfig, parseRunConfigText } from "./run-config.ts";

describe("parseRunConfig", () => {
  it("fills in the run sections' defaults around the data and prepare sections", () => {
    const config = parseRunConfig({ data: { input: "c.jsonl" } }, "c.json");

    expect(config.optimizer.judge.auto).toBe("light");
    expect(config.gate.kappaLowerThreshold).toBe(0.4);
    expect(config.stability).toEqual({ repeats: 3, examples: 30, temperature: 0.7 });
    expect(config.labels.source).toBe("gold");
    expect(config.limits).toMatchObject({ concurrency: 8, models: {} });
    expect(config.prepare.languages).toEqual(["en"]);
  });

  it("names every bad key and why on one line", () => {
    const bad = {
      data: { input: "c.jsonl" },
      gate: { kappaLowerThreshold: 2 },
      optimizer: { judge: { trials: 3 } },
      colour: 1,
    };

    const parse = () => parseRunConfig(bad, "c.json");

    expect(parse).toThrow(/^bad config c\.json: [^\n]+$/);
    expect(parse).toThrow("optimizer.judge.trials: unknown key");
    expect(parse).toThrow("gate.kappaLowerThreshold: Too big");
    expect(parse).toThrow("colour: unknown key");
  });

  it("takes a confirmation share for both optimizers and refuses one above 0.5", () => {
    const config = parseRunConfig(
      { data: { input: "c.jsonl" }, optimizer: { judge: { kind: "gepa", confirmFraction: 0.25 } } },
      "c.json",
    );
    const bad = () =>
      parseRunConfig({ data: { input: "c.jsonl" }, optimizer: { generator: { confirmFraction: 0.9 } } }, "c.json");

    expect(config.optimizer.judge.confirmFraction).toBe(0.25);
    expect(gepaOptionsFrom(config.optimizer.judge, {}).confirmFraction).toBe(0.25);
    expect(parseRunConfig({ data: { input: "c.jsonl" } }, "c.json").optimizer.judge.confirmFraction).toBeUndefined();
    expect(bad).toThrow("optimizer.generator.confirmFraction: Too big");
  });

  it("takes per-model settings by model or glob, and names a bad one", () => {
    const modelSettings = { "openai/o*": { reasoningEffort: "low", temperature: false }, "*": { timeoutMs: 90000 } };

    const config = parseRunConfig({ data: { input: "c.jsonl" }, modelSettings }, "c.json");
    const bad = () =>
      parseRunConfig(
        { data: { input: "c.jsonl" }, modelSettings: { "openai/o4-mini": { reasoningEffort: "max", colour: 1 } } },
        "c.json",
      );

    expect(config.modelSettings).toEqual(modelSettings);
    expect(parseRunConfig({ data: { input: "c.jsonl" } }, "c.json").modelSettings).toEqual({});
    expect(bad).toThrow("modelSettings.openai/o4-mini.reasoningEffort: Invalid option");
    expect(bad).toThrow("modelSettings.openai/o4-mini.colour: unknown key");
  });

  it("refuses SME labels without a file", () => {
    const parse = () => parseRunConfig({ data: { input: "c.jsonl" }, labels: { source: "sme" } }, "c.json");

    expect(parse).toThrow("labels.file: source sme needs a file");
  });

  it("says when the text is not JSON", () => {
    expect(() => parseRunConfigText("{ data: ", "c.json")).toThrow(/^bad config c\.json: not valid JSON/);
  });
});
