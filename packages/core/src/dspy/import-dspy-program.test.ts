import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { PredictorState } from "../module/state.ts";
import { importDspyProgram } from "./import-dspy-program.ts";

// Real saves from public repositories (../shared/fixtures/README.md names them), and hand-written
// saves of the other format generations (fixtures/README.md).
const shared = new URL("../../../../../shared/fixtures/dspy-programs/", import.meta.url);
const local = new URL("./fixtures/", import.meta.url);
const readJson = (url: URL): unknown => JSON.parse(readFileSync(url, "utf8"));

function shapeOf(predictor: PredictorState | undefined): string {
  const names = (fields: readonly { name: string }[] = []) => fields.map((f) => f.name).join(", ");
  return `${names(predictor?.signature.inputs)} -> ${names(predictor?.signature.outputs)}`;
}

describe("importDspyProgram on DSPy 2.6 (hello-dspy)", () => {
  const json = readJson(new URL("hello-dspy.optimized_rag.json", shared));

  it("names the fields of the ChainOfThought under `respond`", () => {
    // Act
    const state = importDspyProgram(json);

    // Assess
    expect(Object.keys(state.predictors)).toEqual(["respond"]);
    expect(state.predictors.respond?.kind).toBe("chain_of_thought");
    expect(shapeOf(state.predictors.respond)).toBe("context, question -> reasoning, response");
  });

  it("keeps the proposed instruction, the rationale's prefix and the bootstrapped demos", () => {
    // Act
    const respond = importDspyProgram(json).predictors.respond;

    // Assess
    expect(respond?.signature.instructions).toMatch(/^Imagine you are a technical support agent/);
    expect(respond?.signature.outputs[0]?.prefix).toBe("Reasoning: Let's think step by step in order to");
    expect(respond?.signature.inputs[0]).toEqual({ name: "context", type: { kind: "string" } });
    expect(respond?.demos).toHaveLength(2);
    expect(respond?.demos[0]?.augmented).toBe(true);
    expect(respond?.demos[0]?.context).toHaveLength(5);
    expect(respond?.lm).toBeNull();
  });

  it("records where the program came from", () => {
    // Act
    const state = importDspyProgram(json);

    // Assess
    expect(state.metadata?.importedFrom).toEqual({
      format: "dspy",
      generation: "signature",
      dependencyVersions: { python: "3.10", dspy: "2.6.11", cloudpickle: "3.1" },
    });
  });
});

describe("importDspyProgram on DSPy 2.5 (LEAR)", () => {
  const json = readJson(new URL("lear.optimized_program.json", shared));

  it("gives the predictor saved as `self` the program's name", () => {
    // Act
    const state = importDspyProgram(json, { name: "netlogo" });

    // Assess
    expect(state.name).toBe("netlogo");
    expect(Object.keys(state.predictors)).toEqual(["netlogo"]);
  });

  it("reads the extended signature as a ChainOfThought", () => {
    // Act
    const predictor = importDspyProgram(json).predictors.program;

    // Assess
    expect(predictor?.kind).toBe("chain_of_thought");
    expect(shapeOf(predictor)).toBe("pseudocode -> reasoning, netlogo_code");
    expect(predictor?.signature.instructions).toBe("Convert pseudocode to NetLogo code with verification.");
    expect(predictor?.signature.outputs[1]?.description).toMatch(/^Syntactically correct NetLogo code/);
    expect(predictor?.demos).toEqual([]);
  });
});

describe("importDspyProgram on a flat save from before DSPy 2.5.3", () => {
  const json = readJson(new URL("flat-2.4.json", local));

  it("recovers the field list from the bootstrapped demos, the last field under its saved prefix", () => {
    // Act
    const state = importDspyProgram(json);

    // Assess
    expect(shapeOf(state.predictors.generate_query)).toBe("context, question -> query");
    expect(state.predictors.generate_query?.signature.outputs[0]?.prefix).toBe("Search Query:");
  });

  it("renames the old `rationale` to `reasoning` in the signature and the demos", () => {
    // Act
    const answer = importDspyProgram(json).predictors.generate_answer;

    // Assess
    expect(answer?.kind).toBe("chain_of_thought");
    expect(shapeOf(answer)).toBe("context, question -> reasoning, answer");
    expect(answer?.demos[0]?.reasoning).toMatch(/^produce the answer/);
    expect(answer?.demos[0]).not.toHaveProperty("rationale");
  });

  it("prefers the extended instructions and keeps labeled demos with their extra keys", () => {
    // Act
    const answer = importDspyProgram(json).predictors.generate_answer;

    // Assess
    expect(answer?.signature.instructions).toBe("Answer questions with short factoid answers, citing the context.");
    expect(answer?.demos[1]).toEqual({
      question: "What is the capital of France?",
      answer: "Paris",
      dspy_uuid: "5b0c2a9e-0d3f-4f7e-9a3b-1c2d3e4f5a6b",
      dspy_split: "train",
    });
    expect(importDspyProgram(json).metadata?.importedFrom).toEqual({ format: "dspy", generation: "flat" });
  });

  it("takes names and roles from a verbose save's field list", () => {
    // Act
    const classify = importDspyProgram(readJson(new URL("flat-verbose-2.4.json", local))).predictors.classify;

    // Assess
    expect(shapeOf(classify)).toBe("ticket, channel -> urgency");
    expect(classify?.signature.inputs[0]?.description).toBe("A customer's support ticket");
  });

  it("builds the fields from the declared inputs when there are no demos", () => {
    // Prepare
    const save = { self: { demos: [], signature_instructions: "Answer briefly.", signature_prefix: "Answer:" } };

    // Act
    const state = importDspyProgram(save, { inputs: ["question"] });

    // Assess
    expect(shapeOf(state.predictors.program)).toBe("question -> answer");
  });
});

describe("importDspyProgram on DSPy 3.x", () => {
  const json = readJson(new URL("dspy-3.x.json", local));

  it("strips the `.predict` of nested ChainOfThoughts and keeps other keys", () => {
    // Act
    const state = importDspyProgram(json);

    // Assess
    expect(Object.keys(state.predictors)).toEqual(["judge", "draft", "critics[0]"]);
    expect(shapeOf(state.predictors.judge)).toBe("transcript -> reasoning, satisfied");
    expect(shapeOf(state.predictors.draft)).toBe("transcript -> reply");
    expect(shapeOf(state.predictors["critics[0]"])).toBe("transcript, reply -> reasoning, critique");
  });

  it("keeps only the model of a bound LM, never its endpoint", () => {
    // Act
    const state = importDspyProgram(json);

    // Assess
    expect(state.predictors.judge?.lm).toBe("openai/gpt-4o-mini");
    expect(JSON.stringify(state)).not.toContain("127.0.0.1");
  });

  it("never copies an API key that an LM state carried", () => {
    // Prepare (DSPy 3.0 wrote the LM's kwargs verbatim, api_key included)
    const save = {
      self: {
        demos: [],
        signature: {
          instructions: "Answer.",
          fields: [
            { prefix: "Question:", description: `\${question}` },
            { prefix: "Answer:", description: `\${answer}` },
          ],
        },
        lm: { model: "anthropic/claude-haiku-4-5", api_key: "sk-ant-secret-value" },
      },
    };

    // Act
    const state = importDspyProgram(save);

    // Assess
    expect(state.predictors.program?.lm).toBe("anthropic/claude-haiku-4-5");
    expect(JSON.stringify(state)).not.toContain("sk-ant-secret-value");
  });

  it("applies declared types and keeps labeled demos' extra keys", () => {
    // Act
    const judge = importDspyProgram(json, { types: { satisfied: { kind: "boolean" } } }).predictors.judge;

    // Assess
    expect(judge?.signature.outputs[1]?.type).toEqual({ kind: "boolean" });
    expect(judge?.demos[1]).toEqual({
      transcript: "Customer: can I change my seat?\nSupport: No.",
      satisfied: false,
      conversation_id: "c-0192",
    });
  });
});

describe("importDspyProgram naming and roles", () => {
  const fields = (...prefixes: string[]) => prefixes.map((prefix) => ({ prefix, description: "" }));

  it("prefers demo keys over the names prefixes suggest", () => {
    // Prepare
    const demo = { augmented: true, doc: "d", query: "q", short_answer: "a" };
    const save = {
      self: { demos: [demo], signature: { instructions: "i", fields: fields("Doc:", "Query:", "Answer (one word):") } },
    };

    // Act
    const state = importDspyProgram(save);

    // Assess
    expect(shapeOf(state.predictors.program)).toBe("doc, query -> short_answer");
  });

  it("reads the roles out of DSPy's default instructions", () => {
    // Prepare
    const instructions = "Given the fields `a`, produce the fields `b`, `c`.";
    const save = { self: { signature: { instructions, fields: fields("A:", "B:", "C:") } } };

    // Act
    const state = importDspyProgram(save);

    // Assess
    expect(shapeOf(state.predictors.program)).toBe("a -> b, c");
    expect(state.metadata?.importedFrom).not.toHaveProperty("warnings");
  });

  it("takes the last field as the only output when nothing else tells, and says so", () => {
    // Prepare
    const save = { self: { signature: { instructions: "Do it.", fields: fields("A:", "B:", "C:") } } };

    // Act
    const state = importDspyProgram(save);

    // Assess
    expect(shapeOf(state.predictors.program)).toBe("a, b -> c");
    expect(state.metadata?.importedFrom).toMatchObject({ warnings: [expect.stringContaining("self:")] });
  });

  it("makes a declared input and every field before it inputs, the rest outputs", () => {
    // Prepare
    const save = { self: { signature: { instructions: "Do it.", fields: fields("A:", "B:", "C:", "D:") } } };

    // Act
    const state = importDspyProgram(save, { inputs: ["b"] });

    // Assess
    expect(shapeOf(state.predictors.program)).toBe("a, b -> c, d");
  });
});
