import { describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import { type ImportDspyOptions, importDspyProgram } from "./import-dspy-program.ts";

function importError(json: unknown, options?: ImportDspyOptions): JudgeloopError {
  try {
    importDspyProgram(json, options);
  } catch (error) {
    if (error instanceof JudgeloopError) return error;
    throw error;
  }
  throw new Error("expected importDspyProgram to throw");
}

const field = (prefix: string) => ({ prefix, description: `\${${prefix.slice(0, -1).toLowerCase()}}` });
const predictor = (fields: unknown[], extra: Record<string, unknown> = {}) => ({
  traces: [],
  train: [],
  demos: [],
  signature: { instructions: "Answer.", fields },
  lm: null,
  ...extra,
});

describe("importDspyProgram errors", () => {
  it("names the field whose prefix is missing", () => {
    // Prepare
    const fields = [field("Context:"), field("Question:"), { description: `\${reasoning}` }, field("Response:")];

    // Act
    const error = importError({ "respond.predict": predictor(fields) });

    // Assess
    expect(error.code).toBe("bad_dspy_program");
    expect(error.message).toBe("respond.predict.signature.fields[2]: missing prefix");
  });

  it("names a value of the wrong type by its own path", () => {
    // Act
    const error = importError({ self: predictor([field("Question:"), { prefix: 7, description: "" }]) });

    // Assess
    expect(error.message).toBe("self.signature.fields[1].prefix: expected a string, got number");
  });

  it("rejects a document that is not an object", () => {
    // Act
    const error = importError([{ self: {} }]);

    // Assess
    expect(error.message).toBe("(root): expected an object, got array");
  });

  it("rejects a document without predictors", () => {
    // Act
    const error = importError({ metadata: { dependency_versions: {} } });

    // Assess
    expect(error.message).toMatch(/^\(root\): no predictors/);
  });

  it("rejects a predictor without any form of signature", () => {
    // Act
    const error = importError({ self: { demos: [], lm: null } });

    // Assess
    expect(error.message).toMatch(/^self: no signature/);
  });

  it("names a malformed demo", () => {
    // Act
    const notObject = importError({ self: predictor([field("A:"), field("B:")], { demos: [{ a: 1 }, "b"] }) });
    const badFlag = importError({ self: predictor([field("A:"), field("B:")], { demos: [{ augmented: "yes" }] }) });

    // Assess
    expect(notObject.message).toBe("self.demos[1]: expected an object, got string");
    expect(badFlag.message).toBe("self.demos[0].augmented: expected a boolean");
  });

  it("rejects an LM state that is not an object", () => {
    // Act
    const error = importError({ self: predictor([field("A:"), field("B:")], { lm: "openai/gpt-4o" }) });

    // Assess
    expect(error.message).toBe("self.lm: expected an object, got string");
  });

  it("rejects two fields that end up with one name", () => {
    // Act
    const error = importError({ self: predictor([field("Question:"), { prefix: "Question:", description: "again" }]) });

    // Assess
    expect(error.message).toBe("self.signature.fields[1]: field name `question` is already used by fields[0]");
  });

  it("rejects a prefix no name can be made of", () => {
    // Act
    const error = importError({ self: predictor([field("A:"), { prefix: "?:", description: "" }]) });

    // Assess
    expect(error.message).toBe('self.signature.fields[1]: cannot derive a field name from prefix "?:"');
  });

  it("rejects a verbose field list that puts an input after an output", () => {
    // Prepare
    const fields = [
      { name: "a", field_type: "input", prefix: "A:" },
      { name: "b", field_type: "output", prefix: "B:" },
      { name: "c", field_type: "input", prefix: "C:" },
    ];

    // Act
    const error = importError({ self: { fields, signature_instructions: "Do it.", signature_prefix: "C:" } });

    // Assess
    expect(error.message).toBe("self.fields[2]: input field `c` comes after an output field; DSPy saves inputs first");
  });

  it("rejects declared inputs that leave no output", () => {
    // Act
    const error = importError({ self: predictor([field("A:"), field("B:")]) }, { inputs: ["b"] });

    // Assess
    expect(error.message).toBe("self.signature.fields: a signature needs at least one output field");
  });

  it("rejects two keys that name the same predictor", () => {
    // Act
    const error = importError({
      respond: predictor([field("A:"), field("B:")]),
      "respond.predict": predictor([field("A:"), field("B:")]),
    });

    // Assess
    expect(error.message).toBe("respond.predict: predictor name `respond` is already used by `respond`");
  });

  it("asks for the inputs when a flat save has neither field list nor demos", () => {
    // Act
    const error = importError({ self: { demos: [], signature_instructions: "Answer.", signature_prefix: "Answer:" } });

    // Assess
    expect(error.message).toMatch(
      /^self: a save from before DSPy 2\.5\.3 keeps no field names.*pass the input field names/,
    );
  });

  it("names a malformed judgeloop sidecar", () => {
    // Act
    const error = importError({
      self: predictor([field("A:"), field("B:")]),
      metadata: { judgeloop: { predictors: { self: { name: "p", kind: "loop", fields: [] } } } },
    });

    // Assess
    expect(error.message).toBe('metadata.judgeloop.predictors.self.kind: unknown kind "loop"');
  });
});
