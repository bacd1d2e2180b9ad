import type { LMCapabilities, Message, ResponseFormat } from "../lm/types.ts";
import type { Demo } from "../module/state.ts";
import type { Signature } from "../signature/signature.ts";
import { coerceOutputs } from "./coerce.ts";
import { fieldBlocks, isSupplied } from "./field-blocks.ts";
import { extractJsonObject } from "./loose-json.ts";
import { ParseError } from "./parse-error.ts";
import { pyJsonDumps, pyStrip } from "./python-text.ts";
import { type RenderStyle, renderMessages, structureIntro } from "./render.ts";
import { structuredOutputFormat } from "./response-format.ts";
import { stripThinking } from "./strip-thinking.ts";
import { placeholder, reminderTypeSuffix } from "./type-notes.ts";
import type { Adapter } from "./types.ts";

/**
 * DSPy's JSONAdapter: inputs as `[[ ## name ## ]]` blocks, outputs as one JSON object. Parses
 * tolerant JSON (prose, code fences, broken syntax) and coerces each field to its type; asks for
 * json_schema structured outputs when the model supports them.
 *
 * @example
 * const adapter = new JSONAdapter();
 * const messages = adapter.format(signature, demos, { transcript });
 * const outputs = adapter.parse(signature, completion); // { reasoning: "...", satisfied: true }
 */
export class JSONAdapter implements Adapter {
  readonly name = "json" as const;

  format(signature: Signature, demos: readonly Demo[], inputs: Record<string, unknown>): Message[] {
    return renderMessages(signature, demos, inputs, jsonStyle);
  }

  parse(signature: Signature, completion: string): Record<string, unknown> {
    const answer = extractJsonObject(stripThinking(completion));
    if (answer === undefined) throw new ParseError(undefined, "the answer contains no JSON object");
    return coerceOutputs(signature.outputs, answer);
  }

  responseFormat(signature: Signature, capabilities: LMCapabilities): ResponseFormat | undefined {
    if (capabilities.structuredOutputs) return structuredOutputFormat(signature) ?? { type: "json_object" };
    return capabilities.jsonMode ? { type: "json_object" } : undefined;
  }

  /** The closing line of the request, e.g. "Respond with a JSON object in the following order of fields: ..." */
  outputReminder(signature: Signature): string {
    return jsonStyle.outputReminder(signature);
  }
}

const jsonStyle: RenderStyle = {
  fieldStructure(signature) {
    const inputs = fieldBlocks(signature.inputs.map((field) => ({ field, text: placeholder(field, "input") })));
    const outputs = Object.fromEntries(signature.outputs.map((field) => [field.name, placeholder(field, "output")]));
    const parts = [
      structureIntro,
      "Inputs will have the following structure:",
      inputs,
      "Outputs will be a JSON object with the following fields.",
      pyJsonDumps(outputs, 2),
    ];
    return pyStrip(parts.join("\n\n"));
  },

  assistantContent(signature, outputs, missing) {
    const shown = signature.outputs.map((f) => [f.name, isSupplied(outputs, f.name) ? outputs[f.name] : missing]);
    return pyJsonDumps(Object.fromEntries(shown), 2);
  },

  outputReminder(signature) {
    const fields = signature.outputs.map((f) => `\`${f.name}\`${reminderTypeSuffix(f.type)}`);
    return `Respond with a JSON object in the following order of fields: ${fields.join(", then ")}.`;
  },
};
