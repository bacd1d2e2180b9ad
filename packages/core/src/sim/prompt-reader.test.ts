import { describe, expect, it } from "vitest";
import { ChatAdapter } from "../adapter/chat-adapter.ts";
import { JSONAdapter } from "../adapter/json-adapter.ts";
import { ParseError } from "../adapter/parse-error.ts";
import { repairMessages } from "../adapter/repair.ts";
import { judgeFixture } from "../adapter/testdata/judge-fixture.ts";
import { Signature } from "../signature/signature.ts";
import { readPrompt } from "./prompt-reader.ts";

const judge = Signature.parse("transcript: string -> critique: string, satisfied: boolean").withInstructions(
  "Judge the last support reply.",
);
const transcript = "Customer: my bag is lost\nSupport: Sorry! DM us your bag tag number.";
const demo = { transcript: "Customer: thanks!\nSupport: You're welcome!", critique: "Fine.", satisfied: true };

describe("readPrompt", () => {
  it("reads the messages DSPy's own JSONAdapter rendered", () => {
    // Act
    const prompt = readPrompt(judgeFixture.messages);

    // Assess
    expect(prompt.format).toBe("json");
    expect(prompt.instructions).toMatch(/^You are an expert in customer service/);
    expect(prompt.outputFields.map((f) => [f.name, f.type])).toEqual([
      ["reasoning", "str"],
      ["satisfied", "str"],
    ]);
    expect(prompt.demos).toHaveLength(4);
    expect(prompt.demos[1]?.outputs.satisfied).toBe("true");
    expect(prompt.inputs.transcript).toMatch(/^Company: Delta Air Lines\n[\s\S]*Safe travels!$/);
  });

  it("reads a ChatAdapter prompt as asking for markers, with typed fields and demos", () => {
    const messages = new ChatAdapter().format(judge, [demo], { transcript });

    const prompt = readPrompt(messages);

    expect(prompt.format).toBe("markers");
    expect(prompt.outputFields.map((f) => f.type)).toEqual(["str", "bool"]);
    expect(prompt.demos[0]).toEqual({
      inputs: { transcript: demo.transcript },
      outputs: { critique: "Fine.", satisfied: "True" },
    });
    expect(prompt.inputs).toEqual({ transcript });
    expect(prompt.instructions).toBe("Judge the last support reply.");
  });

  it("reads the original request, not the repair turn, after a failed parse", () => {
    const adapter = new JSONAdapter();
    const messages = adapter.format(judge, [], { transcript });
    const failure = new ParseError("satisfied", "is missing");

    const prompt = readPrompt(repairMessages(messages, "{", failure, adapter.outputReminder(judge)));

    expect(prompt.inputs).toEqual({ transcript });
    expect(prompt.demos).toEqual([]);
    expect(prompt.format).toBe("json");
  });

  it("answers in JSON when a structured output format is requested", () => {
    const messages = new ChatAdapter().format(judge, [], { transcript });

    expect(readPrompt(messages, { type: "json_object" }).format).toBe("json");
  });

  it("reads messages in any other shape as a plain prompt whose input is the last user message", () => {
    const prompt = readPrompt([
      { role: "system", content: "Be nice." },
      { role: "user", content: "Hello there" },
    ]);

    expect(prompt).toMatchObject({ format: "plain", instructions: "Be nice.", inputs: { text: "Hello there" } });
  });
});
