import { type Message, SimLM } from "@judgeloop/core";
import { describe, expect, it } from "vitest";
import { readAxPrompt, toAxAnswer, toSimPrompt } from "./ax-dialect.ts";

// The layout below is what Ax 24 renders for `transcript:string -> reasoning:string, satisfied:boolean`
// with one demo (captured from a real request to the simulator).
const system = [
  "<identity>",
  "You will be provided with the following fields: `Transcript`. Your task is to generate new fields: `Reasoning`, `Satisfied`.",
  "</identity>",
  "",
  "<input_fields>",
  "**Input Fields**: The following fields will be provided to you:",
  "",
  "Transcript: The conversation.",
  "</input_fields>",
  "",
  "<output_fields>",
  "**Output Fields**: You must generate the following fields:",
  "",
  "Reasoning (wire key: `reasoning`): (This string field must be included)",
  "Satisfied (wire key: `satisfied`): (This boolean (true or false) field must be included) Whether the customer is satisfied.",
  "</output_fields>",
  "",
  "",
  "<task_definition>",
  "Check that the reply offers a concrete next step and keeps a polite tone.",
  "</task_definition>",
  "",
  "<formatting_rules>",
  "Return one `field name: value` pair per line for the required output fields only.",
  "</formatting_rules>",
].join("\n");
const transcript = "Company: Delta\nTranscript so far: Customer: my bag is lost\nSupport: Sorry about your bag! DM us.";
const messages: Message[] = [
  { role: "system", content: system },
  { role: "user", content: "Transcript: Customer: hi, my flight is late\nSupport: not our problem" },
  { role: "assistant", content: "Reasoning: dismissive\nSatisfied: false" },
  {
    role: "user",
    content: `--- END OF EXAMPLES ---\nThe examples above were for training purposes only.\n\nREAL USER QUERY:\nTranscript: ${transcript}\n`,
  },
];

describe("readAxPrompt", () => {
  it("reads fields, instruction, demos and the real query from Ax's layout", () => {
    // Act
    const prompt = readAxPrompt(messages);

    // Assess
    expect(prompt?.inputs.map((f) => f.key)).toEqual(["transcript"]);
    expect(prompt?.outputs.map((f) => [f.key, f.type, f.description])).toEqual([
      ["reasoning", "string", ""],
      ["satisfied", "boolean", "Whether the customer is satisfied."],
    ]);
    expect(prompt?.instructions).toBe("Check that the reply offers a concrete next step and keeps a polite tone.");
    expect(prompt?.demos).toEqual([
      {
        transcript: "Customer: hi, my flight is late\nSupport: not our problem",
        reasoning: "dismissive",
        satisfied: "false",
      },
    ]);
    expect(prompt?.request).toEqual({ transcript });
  });

  it("returns undefined for a prompt that is not in Ax's layout", () => {
    // Act
    const prompt = readAxPrompt([{ role: "user", content: "hello" }]);

    // Assess
    expect(prompt).toBeUndefined();
  });
});

describe("toSimPrompt", () => {
  it("renders the prompt so the simulator judges it and the answer reads back as Ax key lines", async () => {
    // Prepare
    const prompt = readAxPrompt(messages);
    if (!prompt) throw new Error("the fixture is not read as an Ax prompt");

    // Act
    const sim = toSimPrompt(prompt);
    const completion = await new SimLM("sim/strong").call({ messages: sim.messages });
    const answer = toAxAnswer(sim, completion.text);

    // Assess
    expect(sim.messages[0]?.content).toContain("Your output fields are:");
    expect(sim.messages.filter((m) => m.role === "assistant")).toHaveLength(1);
    expect(answer).toMatch(/^reasoning: .+\nsatisfied: (true|false)$/s);
  });

  it("names Ax's instruction rewrite as an instruction proposal", () => {
    // Prepare
    const reflection = readAxPrompt([
      {
        role: "system",
        content: system
          .replace("Transcript: The conversation.", "Component Kind: Kind.\nCurrent Value: Current value.")
          .replace(
            /Reasoning \(wire key[^\n]*\nSatisfied[^\n]*/,
            "New Value (wire key: `newValue`): (This string field must be included) Improved value.",
          ),
      },
      { role: "user", content: "Component Kind: instruction\n\nCurrent Value: Judge it." },
    ]);
    if (!reflection) throw new Error("the reflection fixture is not read as an Ax prompt");

    // Act
    const sim = toSimPrompt(reflection);

    // Assess
    expect(sim.signature.outputs.map((f) => f.name)).toEqual(["proposed_instruction"]);
    expect(sim.signature.inputs.map((f) => f.name)).toEqual(["component_kind", "current_instruction"]);
    expect(sim.axKeys.get("proposed_instruction")).toBe("newValue");
  });
});
