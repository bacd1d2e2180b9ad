/**
 * Ax's prompt dialect, read and re-rendered in the DSPy shape the simulator reads.
 *
 * The simulator understands DSPy-style prompts (judgeloop's own adapters render them); any other
 * prompt is read as plain text, so Ax's reflection prompts would get nonsense and its optimizer
 * could never improve. This translation keeps every piece of content Ax sends (fields, their
 * descriptions, the instruction, the demos, the inputs) and only changes the layout, so Ax's
 * programs meet the same simulated model judgeloop's do. The answer comes back as Ax's
 * `key: value` lines.
 */
import { ChatAdapter, type Demo, type FieldSpec, type Message, Signature } from "@judgeloop/core";

export type AxFieldType = "string" | "boolean" | "number";

export interface AxField {
  /** Ax's wire key (`satisfied`, `newValue`). */
  key: string;
  /** How Ax shows the field to the model (`Satisfied`, `New Value`). */
  title: string;
  type: AxFieldType;
  description: string;
}

export interface AxPrompt {
  instructions: string | undefined;
  inputs: AxField[];
  outputs: AxField[];
  /** Few-shot demos Ax sent as user/assistant turns, by wire key. */
  demos: Record<string, string>[];
  /** The inputs of the real query, by wire key. */
  request: Record<string, string>;
}

/** A prompt as the simulator should see it, plus how to name its answer back in Ax's terms. */
export interface SimPrompt {
  signature: Signature;
  messages: Message[];
  /** Simulator field name → Ax wire key. */
  axKeys: Map<string, string>;
}

const adapter = new ChatAdapter();
const endOfExamples = "--- END OF EXAMPLES ---";
const realQuery = "REAL USER QUERY:";

/**
 * Reads Ax's rendered messages; undefined when they are not in Ax's layout.
 *
 * @example
 * readAxPrompt(messages)?.outputs.map((f) => f.key); // ["satisfied", "critique"]
 */
export function readAxPrompt(messages: readonly Message[]): AxPrompt | undefined {
  const system = messages.find((m) => m.role === "system")?.content ?? "";
  const outputs = section(system, "output_fields")?.flatMap(outputField) ?? [];
  if (outputs.length === 0) return undefined;
  const inputs = section(system, "input_fields")?.flatMap(inputField) ?? [];
  const dialogue = messages.filter((m) => m.role !== "system");
  const queryAt = dialogue.findLastIndex((m) => m.role === "user" && labelled(queryText(m.content), inputs));
  const demos: Record<string, string>[] = [];
  for (let i = 0; i + 1 < Math.max(0, queryAt); i++) {
    const [user, assistant] = [dialogue[i], dialogue[i + 1]];
    if (user?.role !== "user" || assistant?.role !== "assistant") continue;
    demos.push({ ...readLabels(user.content, inputs), ...readLabels(assistant.content, outputs) });
    i++;
  }
  const query = dialogue[queryAt];
  return {
    instructions: section(system, "task_definition")?.join("\n").trim() || undefined,
    inputs,
    outputs,
    demos,
    request: query ? readLabels(queryText(query.content), inputs) : {},
  };
}

/**
 * Renders an Ax prompt the way judgeloop's ChatAdapter renders a signature, demos and inputs.
 * Ax's reflection call that rewrites an instruction is named as the instruction proposal it is
 * (`current_instruction` → `proposed_instruction`), because the simulator recognises tasks by
 * field names; every other field keeps its own name in snake case.
 *
 * @example
 * toSimPrompt(readAxPrompt(messages)).messages[0].content; // "Your input fields are: ..."
 */
export function toSimPrompt(prompt: AxPrompt): SimPrompt {
  const proposal =
    prompt.outputs.some((f) => f.key === "newValue") && /instruction/i.test(prompt.request.componentKind ?? "");
  const nameOf = (key: string) =>
    proposal && key === "newValue"
      ? "proposed_instruction"
      : proposal && key === "currentValue"
        ? "current_instruction"
        : snakeCase(key);
  const axKeys = new Map([...prompt.inputs, ...prompt.outputs].map((f) => [nameOf(f.key), f.key]));
  const spec = (fields: readonly AxField[]) =>
    Object.fromEntries(
      fields.map((f) => [nameOf(f.key), { type: f.type, description: f.description } satisfies FieldSpec]),
    );
  const signature = Signature.fromSpec({
    inputs: spec(prompt.inputs),
    outputs: spec(prompt.outputs),
    ...(prompt.instructions !== undefined && { instructions: prompt.instructions }),
  });
  const renamed = (values: Record<string, string>) =>
    Object.fromEntries(Object.entries(values).map(([key, value]) => [nameOf(key), value]));
  const demos: Demo[] = prompt.demos.map((d) => ({ ...typedValues(renamed(d), signature), augmented: true }));
  return { signature, messages: adapter.format(signature, demos, renamed(prompt.request)), axKeys };
}

/**
 * The simulator's answer written as Ax expects it: one `wireKey: value` line per output field.
 * An answer the adapter cannot parse is returned as is, so Ax sees (and retries) the failure.
 *
 * @example
 * toAxAnswer(sim, "[[ ## satisfied ## ]]\nTrue\n\n[[ ## completed ## ]]"); // "satisfied: true"
 */
export function toAxAnswer(sim: SimPrompt, completion: string): string {
  let values: Record<string, unknown>;
  try {
    values = adapter.parse(sim.signature, completion);
  } catch {
    return completion;
  }
  return sim.signature.outputs
    .map((field) => `${sim.axKeys.get(field.name) ?? field.name}: ${axValue(values[field.name])}`)
    .join("\n");
}

function section(system: string, tag: string): string[] | undefined {
  const match = new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(system);
  return match?.[1]?.split("\n");
}

/** `Satisfied (wire key: \`satisfied\`): (This boolean (true or false) field must be included) Whether...` */
function outputField(line: string): AxField[] {
  const match = /^(.+?) \(wire key: `(\w+)`\):\s*(.*)$/.exec(line);
  if (!match) return [];
  const [, title = "", key = "", rest = ""] = match;
  const note = /^\(This (\w+)[^()]*(?:\([^)]*\)[^()]*)*\)\s*/.exec(rest);
  return [{ key, title, type: fieldType(note?.[1]), description: rest.slice(note?.[0].length ?? 0).trim() }];
}

/** `Transcript: The conversation.` (input fields show their title only; the key is its camel case). */
function inputField(line: string): AxField[] {
  const match = /^([A-Z][\w ]*?):(?:\s+(.*))?$/.exec(line);
  if (!match || line.startsWith("**")) return [];
  const [, title = "", description = ""] = match;
  return [{ key: camelCase(title), title, type: "string", description: description.trim() }];
}

function fieldType(word: string | undefined): AxFieldType {
  return word === "boolean" ? "boolean" : word === "number" ? "number" : "string";
}

function queryText(content: string): string {
  const at = content.indexOf(realQuery);
  return at >= 0 ? content.slice(at + realQuery.length).trimStart() : content;
}

function labelled(content: string, fields: readonly AxField[]): boolean {
  return !content.startsWith(endOfExamples) && fields.some((f) => content.startsWith(`${f.title}:`));
}

/** `Title: value` blocks (values may span lines) → values by wire key; wire keys are accepted as labels too. */
function readLabels(content: string, fields: readonly AxField[]): Record<string, string> {
  const values: Record<string, string> = {};
  let current: AxField | undefined;
  for (const line of content.split("\n")) {
    const field = fields.find((f) => line.startsWith(`${f.title}:`) || line.startsWith(`${f.key}:`));
    if (field) {
      current = field;
      const label = line.startsWith(`${field.title}:`) ? field.title : field.key;
      values[field.key] = line.slice(label.length + 1).trimStart();
    } else if (current) {
      values[current.key] = `${values[current.key]}\n${line}`;
    }
  }
  for (const key of Object.keys(values)) values[key] = (values[key] ?? "").trim();
  return values;
}

function typedValues(values: Record<string, string>, signature: Signature): Record<string, unknown> {
  const typed: Record<string, unknown> = { ...values };
  for (const field of signature.outputs) {
    const text = values[field.name];
    if (text !== undefined && field.type.kind === "boolean") typed[field.name] = /^true$/i.test(text);
    if (text !== undefined && field.type.kind === "number") typed[field.name] = Number(text);
  }
  return typed;
}

function axValue(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? "";
}

function camelCase(title: string): string {
  const words = title.trim().split(/\s+/);
  return words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w)).join("");
}

function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}
