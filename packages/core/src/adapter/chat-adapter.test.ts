import { describe, expect, it } from "vitest";
import { Signature } from "../signature/signature.ts";
import { ChatAdapter } from "./chat-adapter.ts";
import { ParseError } from "./parse-error.ts";
import { golden, typedDemos, typedSignature } from "./testdata/typed-cases.ts";

const judge = Signature.parse("transcript: string -> reasoning: string, satisfied: boolean");
const adapter = new ChatAdapter();

describe("ChatAdapter.parse", () => {
  it("splits the answer on field markers and coerces each section", () => {
    // Prepare
    const completion =
      "[[ ## reasoning ## ]]\nThe agent\nanswered well.\n\n[[ ## satisfied ## ]]\nTrue\n\n[[ ## completed ## ]]";

    // Act
    const outputs = adapter.parse(judge, completion);

    // Assess
    expect(outputs).toEqual({ reasoning: "The agent\nanswered well.", satisfied: true });
  });

  it("tolerates a missing completed marker and text on the marker's own line", () => {
    // Act
    const outputs = adapter.parse(judge, "Sure.\n[[ ## reasoning ## ]] Short.\n  [[ ## satisfied ## ]]  false");

    // Assess
    expect(outputs).toEqual({ reasoning: "Short.", satisfied: false });
  });

  it("keeps the first section when a field's marker repeats", () => {
    // Act
    const outputs = adapter.parse(
      judge,
      "[[ ## reasoning ## ]]\nfirst\n[[ ## satisfied ## ]]\nno\n[[ ## reasoning ## ]]\nsecond",
    );

    // Assess
    expect(outputs.reasoning).toBe("first");
  });

  it("reads a JSON answer when the model wrote no markers at all", () => {
    // Act
    const outputs = adapter.parse(judge, '{"reasoning": "ok", "satisfied": "false"}');

    // Assess
    expect(outputs).toEqual({ reasoning: "ok", satisfied: false });
  });

  it("throws a ParseError naming the field whose marker is missing", () => {
    // Act
    const act = () => adapter.parse(judge, "[[ ## reasoning ## ]]\nGood.\n[[ ## completed ## ]]");

    // Assess
    expect(act).toThrow(ParseError);
    expect(act).toThrow("output field `satisfied`: is missing from the answer");
  });

  it("reads back the typed values it rendered for a demo", () => {
    // Prepare
    const signature = typedSignature();
    const rendered = golden.cases["typed-chat"][4]?.content ?? "";
    const { question: _q, passages: _p, history: _h, augmented: _a, ...outputs } = typedDemos[0] ?? {};

    // Act
    const parsed = adapter.parse(signature, rendered);

    // Assess
    expect(parsed).toEqual(outputs);
  });
});

describe("ChatAdapter.responseFormat", () => {
  it("asks for no structured output, even from a model that supports it", () => {
    // Act
    const format = adapter.responseFormat(judge, { structuredOutputs: true, jsonMode: true });

    // Assess
    expect(format).toBeUndefined();
  });
});
