import { describe, expect, it } from "vitest";
import { Signature } from "../signature/signature.ts";
import { JSONAdapter } from "./json-adapter.ts";
import { ParseError } from "./parse-error.ts";
import { judgeFixture } from "./testdata/judge-fixture.ts";
import { golden, typedDemos, typedSignature } from "./testdata/typed-cases.ts";

const judge = Signature.parse("transcript: string -> reasoning: string, satisfied: boolean");
const adapter = new JSONAdapter();

function parseError(run: () => unknown): ParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error("expected a ParseError");
}

describe("JSONAdapter.parse", () => {
  it("reads the answer recorded with the DSPy fixture", () => {
    // Prepare
    const signature = Signature.parse("transcript -> reasoning, satisfied");

    // Act
    const outputs = adapter.parse(signature, judgeFixture.response);

    // Assess
    expect(outputs.satisfied).toBe("false");
    expect(outputs.reasoning).toMatch(/^The agent's response is not completely satisfactory/);
  });

  it("coerces a quoted Python boolean to a boolean", () => {
    // Act
    const outputs = adapter.parse(judge, '{"reasoning": "Polite and correct.", "satisfied": "True"}');

    // Assess
    expect(outputs).toEqual({ reasoning: "Polite and correct.", satisfied: true });
  });

  it("finds the JSON object inside a code fence surrounded by prose", () => {
    // Prepare
    const completion =
      'Here is my verdict:\n```json\n{"reasoning": "Uses {braces} fine", "satisfied": false}\n```\nThanks!';

    // Act
    const outputs = adapter.parse(judge, completion);

    // Assess
    expect(outputs).toEqual({ reasoning: "Uses {braces} fine", satisfied: false });
  });

  it("skips a brace in the prose that opens no JSON object", () => {
    // Act
    const outputs = adapter.parse(judge, 'Format {like this}: {"reasoning": "ok", "satisfied": 1}');

    // Assess
    expect(outputs).toEqual({ reasoning: "ok", satisfied: true });
  });

  it("repairs single quotes, Python literals, trailing commas and a missing closing brace", () => {
    // Act
    const quoted = adapter.parse(judge, "{'reasoning': 'fine', 'satisfied': False,}");
    const truncated = adapter.parse(judge, '{"reasoning": "cut short", "satisfied": true');

    // Assess
    expect(quoted).toEqual({ reasoning: "fine", satisfied: false });
    expect(truncated).toEqual({ reasoning: "cut short", satisfied: true });
  });

  it("matches keys case-insensitively and ignores extra keys", () => {
    // Act
    const outputs = adapter.parse(judge, '{"Reasoning": "ok", "SATISFIED": "yes", "confidence": 0.9}');

    // Assess
    expect(outputs).toEqual({ reasoning: "ok", satisfied: true });
  });

  it("throws a ParseError naming a missing field, without the completion", () => {
    // Prepare
    const completion = '{"reasoning": "A long private transcript summary that must not leak"}';

    // Act
    const error = parseError(() => adapter.parse(judge, completion));

    // Assess
    expect(error.code).toBe("parse");
    expect(error.field).toBe("satisfied");
    expect(error.message).toBe("output field `satisfied`: is missing from the answer");
    expect(error.message).not.toContain("private");
  });

  it("throws a ParseError naming the field whose value does not fit its type", () => {
    // Act
    const error = parseError(() => adapter.parse(judge, '{"reasoning": "ok", "satisfied": "maybe"}'));

    // Assess
    expect(error.field).toBe("satisfied");
    expect(error.message).toBe('output field `satisfied`: expected true or false, got "maybe"');
  });

  it("throws a ParseError without a field when the answer holds no JSON object", () => {
    // Act
    const error = parseError(() => adapter.parse(judge, "I think the customer was satisfied."));

    // Assess
    expect(error.field).toBeUndefined();
    expect(error.message).toBe("the answer contains no JSON object");
  });

  it("reads back the typed values it rendered for a demo", () => {
    // Prepare
    const signature = typedSignature();
    const rendered = golden.cases["typed-json"][4]?.content ?? "";
    const { question: _q, passages: _p, history: _h, augmented: _a, ...outputs } = typedDemos[0] ?? {};

    // Act
    const parsed = adapter.parse(signature, rendered);

    // Assess
    expect(parsed).toEqual(outputs);
  });
});

describe("JSONAdapter.outputReminder", () => {
  it("lists the output fields in order with their Python types", () => {
    // Act
    const reminder = adapter.outputReminder(judge);

    // Assess
    expect(reminder).toBe(
      "Respond with a JSON object in the following order of fields: `reasoning`, " +
        "then `satisfied` (must be formatted as a valid Python bool).",
    );
  });
});
