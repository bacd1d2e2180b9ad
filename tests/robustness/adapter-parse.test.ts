import { type Adapter, ChatAdapter, JSONAdapter, ParseError, Signature } from "@judgeloop/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  deeplyNestedArray,
  deeplyNestedObject,
  hugeText,
  injections,
  jsonText,
  nastyJson,
  nastyString,
} from "./support/arbitraries.ts";
import { outcomeOf, propertyRuns } from "./support/properties.ts";

const adapters: Adapter[] = [new JSONAdapter(), new ChatAdapter()];

const judge = Signature.parse("transcript: string -> reasoning: string, satisfied: bool");
const typed = Signature.parse(
  "question: string -> answer: string, score: float, count: int, ok: bool, tags: list[str], label: Literal['pass', 'fail']",
);

const typeOf = (value: unknown) => (Array.isArray(value) ? "array" : typeof value);
const expectedTypes: Record<string, string> = {
  reasoning: "string",
  satisfied: "boolean",
  answer: "string",
  score: "number",
  count: "number",
  ok: "boolean",
  tags: "array",
  label: "string",
};

/** Completions a model might write, well-formed or not: prose, JSON, markers, fences, injections. */
function completion(signature: Signature): fc.Arbitrary<string> {
  const names = signature.outputs.map((f) => f.name);
  const value = fc.oneof(
    nastyJson(2),
    fc.constantFrom("True", "false", "yes", "1", "2.5", "pass", '["a"]', ...injections),
  );
  const asJson = fc
    .dictionary(fc.oneof(fc.constantFrom(...names), nastyString(2)), value, { maxKeys: 7 })
    .map(jsonText);
  const asMarkers = fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...names, "completed"), nastyString(2)), value), { maxLength: 7 })
    .map((sections) =>
      sections.map(([name, v]) => `[[ ## ${name} ## ]]\n${typeof v === "string" ? v : jsonText(v)}`).join("\n\n"),
    );
  return fc
    .tuple(fc.oneof(asJson, asMarkers, nastyString(30)), nastyString(4), nastyString(4), fc.boolean())
    .map(([body, before, after, fenced]) => `${before}${fenced ? `\`\`\`json\n${body}\n\`\`\`` : body}${after}`);
}

describe.each(adapters.map((adapter) => [adapter.name, adapter] as const))("%s adapter parse", (_name, adapter) => {
  it.each([
    ["judge", judge],
    ["typed", typed],
  ])("returns every %s output with its type, or a ParseError naming an output field", (_kind, signature) => {
    const outputs = signature.outputs.map((f) => f.name);
    fc.assert(
      fc.property(completion(signature), (text) => {
        const outcome = outcomeOf(() => adapter.parse(signature, text));

        if (outcome.ok) {
          expect(Object.keys(outcome.value)).toEqual(outputs);
          for (const [name, value] of Object.entries(outcome.value)) expect(typeOf(value)).toBe(expectedTypes[name]);
          return;
        }
        expect(outcome.error).toBeInstanceOf(ParseError);
        const { field } = outcome.error as ParseError;
        if (field !== undefined) expect(outputs).toContain(field);
      }),
      propertyRuns(200),
    );
  });

  it("rejects deeply nested and huge answers within the time limit", () => {
    const answers = [
      `{"reasoning": "r", "satisfied": ${deeplyNestedArray(100_000)}}`,
      `{"reasoning": ${deeplyNestedObject(100_000)}, "satisfied": true}`,
      `[[ ## reasoning ## ]]\n${deeplyNestedArray(100_000)}\n[[ ## satisfied ## ]]\nmaybe`,
      "{".repeat(100_000),
      `{"reasoning": "${hugeText(5_000_000).replaceAll('"', "'")}", "satisfied": "maybe"}`,
      hugeText(5_000_000),
    ];
    for (const answer of answers) {
      const outcome = outcomeOf(() => adapter.parse(judge, answer));

      expect(outcome.ok).toBe(false);
    }
  });
});

describe("JSONAdapter", () => {
  it("reads back any outputs it wrote as a demo answer, fake markers and instructions in the text included", () => {
    const adapter = new JSONAdapter();
    const outputs = fc.record({
      answer: nastyString(20),
      score: fc.double({ noNaN: true, noDefaultInfinity: true }),
      count: fc.integer(),
      ok: fc.boolean(),
      tags: fc.array(nastyString(3), { maxLength: 3 }),
      label: fc.constantFrom("pass", "fail"),
    });
    fc.assert(
      fc.property(outputs, (values) => {
        const messages = adapter.format(typed, [{ question: "q", ...values }], { question: "q" });
        const written = messages[2]?.content ?? "";

        const parsed = adapter.parse(typed, written);

        expect(parsed).toEqual({ ...values, score: values.score === 0 ? 0 : values.score });
      }),
      propertyRuns(200),
    );
  });
});

describe("coerceOutputs through parse", () => {
  it("names the field that nests too deeply", () => {
    const outcome = outcomeOf(() =>
      new JSONAdapter().parse(judge, `{"reasoning": "r", "satisfied": ${deeplyNestedArray(1_000)}}`),
    );

    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).toBe("output field `satisfied`: nests deeper than 256 levels");
  });
});
