import { describe, expect, it } from "vitest";
import type { Message } from "../lm/types.ts";
import { Signature } from "../signature/signature.ts";
import { JSONAdapter } from "./json-adapter.ts";
import { ParseError } from "./parse-error.ts";
import { repairMessages } from "./repair.ts";

describe("repairMessages", () => {
  it("appends the failed answer and a request naming the field and the reason", () => {
    // Prepare
    const messages: Message[] = [
      { role: "system", content: "system" },
      { role: "user", content: "request" },
    ];
    const error = new ParseError("satisfied", 'expected true or false, got "maybe"');

    // Act
    const retry = repairMessages(messages, '{"satisfied": "maybe"}', error);

    // Assess
    expect(retry.slice(0, 2)).toEqual(messages);
    expect(retry[2]).toEqual({ role: "assistant", content: '{"satisfied": "maybe"}' });
    expect(retry[3]?.role).toBe("user");
    expect(retry[3]?.content).toContain('the output field `satisfied` failed: expected true or false, got "maybe".');
    expect(retry[3]?.content).toContain("Answer again in the required format");
    expect(messages).toHaveLength(2);
  });

  it("restates the output format when given the adapter's reminder", () => {
    // Prepare
    const adapter = new JSONAdapter();
    const signature = Signature.parse("q -> ok: bool");
    const error = new ParseError(undefined, "the answer contains no JSON object");

    // Act
    const retry = repairMessages([], "I think so.", error, adapter.outputReminder(signature));

    // Assess
    expect(retry.at(-1)?.content).toBe(
      "Your previous answer could not be parsed: the answer contains no JSON object.\n\n" +
        "Answer again in the required format, with every output field and nothing else.\n\n" +
        "Respond with a JSON object in the following order of fields: `ok` (must be formatted as a valid Python bool).",
    );
  });
});
