import type { Field } from "../signature/field.ts";
import type { Signature } from "../signature/signature.ts";
import { pyCleandoc, pyDedent, pySplitLines, pyStrip } from "./python-text.ts";
import { annotationName } from "./type-notes.ts";

/**
 * The system message every DSPy adapter sends: the field lists, the adapter's own structure
 * section, then the objective.
 *
 * @example
 * systemMessage(signature, chatFieldStructure(signature));
 */
export function systemMessage(signature: Signature, fieldStructure: string): string {
  return `${fieldDescription(signature)}\n${fieldStructure}\n${taskDescription(signature.instructions)}`;
}

/**
 * "Your input fields are:" / "Your output fields are:" with one numbered line per field.
 *
 * @example
 * fieldDescription(Signature.parse("q -> a"));
 * // "Your input fields are:\n1. `q` (str): \nYour output fields are:\n1. `a` (str):"
 */
export function fieldDescription(signature: Signature): string {
  return (
    `Your input fields are:\n${fieldList(signature.inputs)}\n` +
    `Your output fields are:\n${fieldList(signature.outputs)}`
  );
}

function fieldList(fields: readonly Field[]): string {
  const lines = fields.map(
    (field, i) => `${i + 1}. \`${field.name}\` (${annotationName(field.type)}): ${shownDescription(field)}`,
  );
  return pyStrip(lines.join("\n"));
}

/** DSPy's placeholder description `${name}` means "no description" and renders as nothing. */
function shownDescription(field: Field): string {
  const description = field.description ?? "";
  return description === `\${${field.name}}` ? "" : description;
}

/**
 * The objective line: the instructions cleaned as DSPy's Signature does (`inspect.cleandoc`),
 * dedented, and each line put on its own line indented by eight spaces.
 *
 * @example
 * taskDescription("Judge.\nBe brief.");
 * // "In adhering to this structure, your objective is: \n        Judge.\n        Be brief."
 */
export function taskDescription(instructions: string): string {
  const objective = pySplitLines(pyDedent(pyCleandoc(instructions)))
    .map((line) => `\n${" ".repeat(8)}${line}`)
    .join("");
  return `In adhering to this structure, your objective is: ${objective}`;
}
