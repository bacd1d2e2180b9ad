import { describe, expect, it } from "vitest";
import { Signature } from "../signature/signature.ts";
import { ChatAdapter } from "./chat-adapter.ts";
import { JSONAdapter } from "./json-adapter.ts";
import { stripThinking } from "./strip-thinking.ts";

const judge = Signature.parse("transcript: string -> reasoning: string, satisfied: boolean");
// A think block that itself holds JSON-looking text and a marker, as R1-style models write.
const thinking = '<think>\nMaybe {"satisfied": true}? No: [[ ## satisfied ## ]] must be False.\n</think>\n\n';

describe("stripThinking", () => {
  it("removes think and thinking blocks wherever they are", () => {
    expect(stripThinking('<think>a</think>{"x": 1}<THINKING>b</THINKING>')).toBe('{"x": 1}');
  });

  it("drops the working before an orphan closing tag, as when the template opened the block", () => {
    expect(stripThinking('The reply is polite.\n</think>\n{"x": 1}')).toBe('\n{"x": 1}');
  });

  it("drops an unclosed block to the end, and leaves text without tags unchanged", () => {
    expect(stripThinking('{"x": 1}\n<think>still going')).toBe('{"x": 1}\n');
    expect(stripThinking('{"note": "a <b> tag"}')).toBe('{"note": "a <b> tag"}');
  });
});

describe("adapters on answers with thinking", () => {
  it("JSONAdapter.parse reads the answer after the think block, not the JSON inside it", () => {
    const completion = `${thinking}{"reasoning": "Ignored the refund.", "satisfied": false}`;

    expect(new JSONAdapter().parse(judge, completion)).toEqual({ reasoning: "Ignored the refund.", satisfied: false });
  });

  it("ChatAdapter.parse reads the field markers after the think block only", () => {
    const completion = `${thinking}[[ ## reasoning ## ]]\nPolite.\n\n[[ ## satisfied ## ]]\nTrue\n\n[[ ## completed ## ]]`;

    expect(new ChatAdapter().parse(judge, completion)).toEqual({ reasoning: "Polite.", satisfied: true });
  });
});
