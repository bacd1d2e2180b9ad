import type { Field } from "../signature/field.ts";
import type { Signature } from "../signature/signature.ts";
import { pyStrip } from "./python-text.ts";
import { formatFieldValue } from "./value-format.ts";

/** One field and the text shown under its marker. */
export interface FieldText {
  field: Field;
  text: string;
}

/**
 * `[[ ## name ## ]]` blocks separated by blank lines, as DSPy's `format_field_with_value`.
 *
 * @example
 * fieldBlocks([{ field, text: "hello" }]); // "[[ ## question ## ]]\nhello"
 */
export function fieldBlocks(entries: readonly FieldText[]): string {
  return pyStrip(entries.map(fieldBlock).join("\n\n"));
}

function fieldBlock({ field, text }: FieldText): string {
  return `[[ ## ${field.name} ## ]]\n${text}`;
}

/** The formatted value of every field of `fields` that `values` supplies. */
export function suppliedFieldTexts(fields: readonly Field[], values: Record<string, unknown>): FieldText[] {
  return fields
    .filter((field) => isSupplied(values, field.name))
    .map((field) => ({ field, text: formatFieldValue(field, values[field.name]) }));
}

/** A key holding `undefined` counts as absent: JSON, where demos come from, cannot express it. */
export function isSupplied(values: Record<string, unknown>, name: string): boolean {
  return Object.hasOwn(values, name) && values[name] !== undefined;
}

export interface UserContentOptions {
  prefix?: string;
  /** The closing reminder on the output format; only the final request carries one. */
  reminder?: string;
}

/**
 * A user message: optional prefix, the supplied input fields as blocks, optional reminder,
 * joined by blank lines and stripped (DSPy's `format_user_message_content`).
 *
 * @example
 * userContent(signature, { transcript: "..." }, { reminder: "Respond with ..." });
 */
export function userContent(
  signature: Signature,
  values: Record<string, unknown>,
  options: UserContentOptions = {},
): string {
  // Blocks are not stripped one by one: only the message as a whole is, as in DSPy.
  const inputBlocks = suppliedFieldTexts(signature.inputs, values).map(fieldBlock);
  const parts = [options.prefix ?? "", ...inputBlocks];
  if (options.reminder !== undefined) parts.push(options.reminder);
  parts.push("");
  return pyStrip(parts.join("\n\n"));
}
