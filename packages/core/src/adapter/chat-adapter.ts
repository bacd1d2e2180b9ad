import type { LMCapabilities, Message, ResponseFormat } from "../lm/types.ts";
import type { Demo } from "../module/state.ts";
import type { Signature } from "../signature/signature.ts";
import { coerceOutputs } from "./coerce.ts";
import { fieldBlocks, isSupplied } from "./field-blocks.ts";
import { extractJsonObject } from "./loose-json.ts";
import { markerSections } from "./markers.ts";
import { pyStrip } from "./python-text.ts";
import { type RenderStyle, renderMessages, structureIntro } from "./render.ts";
import { stripThinking } from "./strip-thinking.ts";
import { placeholder, reminderTypeSuffix } from "./type-notes.ts";
import type { Adapter } from "./types.ts";
import { formatFieldValue } from "./value-format.ts";

const completedMarker = "[[ ## completed ## ]]";

/**
 * DSPy's ChatAdapter (its default): every field, input or output, in its own `[[ ## name ## ]]`
 * section, answers closed by `[[ ## completed ## ]]`. Parsing splits the answer on the markers
 * and coerces each section to its field's type; a missing `completed` marker is tolerated, and
 * an answer with no markers at all is read as JSON if it holds an object.
 *
 * @example
 * const adapter = new ChatAdapter();
 * const outputs = adapter.parse(signature, "[[ ## satisfied ## ]]\nTrue\n\n[[ ## completed ## ]]");
 */
export class ChatAdapter implements Adapter {
  readonly name = "chat" as const;

  format(signature: Signature, demos: readonly Demo[], inputs: Record<string, unknown>): Message[] {
    return renderMessages(signature, demos, inputs, chatStyle);
  }

  parse(signature: Signature, completion: string): Record<string, unknown> {
    const answer = stripThinking(completion);
    const sections = markerSections(answer);
    const hasAnyOutput = signature.outputs.some((f) => sections.has(f.name));
    const json = hasAnyOutput ? undefined : extractJsonObject(answer);
    return coerceOutputs(signature.outputs, json ?? Object.fromEntries(sections));
  }

  /** The marker format is plain text: no structured-output request. */
  responseFormat(_signature: Signature, _capabilities: LMCapabilities): ResponseFormat | undefined {
    return undefined;
  }

  /** The closing line of the request: "Respond with the corresponding output fields, starting with ..." */
  outputReminder(signature: Signature): string {
    return chatStyle.outputReminder(signature);
  }
}

const chatStyle: RenderStyle = {
  fieldStructure(signature) {
    const blocks = (role: "input" | "output") =>
      fieldBlocks(
        (role === "input" ? signature.inputs : signature.outputs).map((field) => ({
          field,
          text: placeholder(field, role),
        })),
      );
    return pyStrip([structureIntro, blocks("input"), blocks("output"), `${completedMarker}\n`].join("\n\n"));
  },

  assistantContent(signature, outputs, missing) {
    const entries = signature.outputs.map((field) => ({
      field,
      text: formatFieldValue(field, isSupplied(outputs, field.name) ? outputs[field.name] : missing),
    }));
    return `${fieldBlocks(entries)}\n\n${completedMarker}\n`;
  },

  outputReminder(signature) {
    const fields = signature.outputs.map((f) => `\`[[ ## ${f.name} ## ]]\`${reminderTypeSuffix(f.type)}`);
    return (
      `Respond with the corresponding output fields, starting with the field ${fields.join(", then ")}, ` +
      `and then ending with the marker for \`${completedMarker}\`.`
    );
  },
};
