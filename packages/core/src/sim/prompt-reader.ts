import type { Message, ResponseFormat } from "../lm/types.ts";

/** How the prompt asks for the answer: a JSON object, `[[ ## field ## ]]` markers, or free text. */
export type AnswerFormat = "json" | "markers" | "plain";

export interface PromptField {
  name: string;
  /** The type as the prompt shows it: str, bool, int, float, list[str], Literal['a', 'b'], dict... */
  type: string;
  description: string;
}

/** One few-shot demo as the model saw it: a user turn of inputs and an assistant turn of outputs. */
export interface PromptDemo {
  inputs: Record<string, string>;
  outputs: Record<string, string>;
}

/**
 * What a reader takes from rendered messages: the task, the fields, the demos, the inputs to
 * answer and the format to answer in.
 */
export interface ReadPrompt {
  instructions: string;
  inputFields: PromptField[];
  outputFields: PromptField[];
  /** Input values of the final user message, by field name. */
  inputs: Record<string, string>;
  demos: PromptDemo[];
  format: AnswerFormat;
}

const inputHeader = "Your input fields are:";
const outputHeader = "Your output fields are:";
const structureHeader = "All interactions will be structured";
const objectiveHeader = "In adhering to this structure, your objective is:";
const partialDemoNote = /^This is an example of the task, though some input or output fields are not supplied\.\s*/;
const marker = /^\[\[ ## (\w+) ## \]\]\s*$/;
const fieldLine = /^\s*\d+\.\s+`(\w+)`\s+\((.+?)\)(?::\s?(.*))?$/;

/**
 * Reads DSPy-style rendered messages (JSONAdapter or ChatAdapter) the way a model would.
 * Messages in any other shape read as a plain prompt whose last user message is the input `text`.
 *
 * @example
 * const prompt = readPrompt(adapter.format(signature, demos, { transcript }));
 * prompt.outputFields.map((f) => f.name); // ["reasoning", "satisfied"]
 */
export function readPrompt(messages: readonly Message[], responseFormat?: ResponseFormat): ReadPrompt {
  const system = messages
    .filter((m) => m.role === "system")
    .map((m) => m.content)
    .join("\n\n");
  const dialogue = messages.filter((m) => m.role !== "system");
  const last = dialogue[dialogue.length - 1];
  const finalUser = last?.role === "user" ? last.content : "";
  if (!system.includes(outputHeader)) return plainPrompt(system, finalUser, responseFormat);

  const inputFields = fieldsBetween(system, inputHeader, outputHeader);
  const outputFields = fieldsBetween(system, outputHeader, structureHeader);
  const requestAt = requestIndex(dialogue, inputFields);
  const request = splitOutputRequirements(dialogue[requestAt]?.content ?? "");
  // After a repair turn the last user message restates the format; user data never reaches it.
  const repair = requestAt === dialogue.length - 1 ? "" : finalUser;
  const names = { inputs: inputFields.map((f) => f.name), outputs: outputFields.map((f) => f.name) };
  return {
    instructions: objectiveOf(system),
    inputFields,
    outputFields,
    inputs: readFieldBlocks(request.body, names.inputs),
    demos: readDemos(dialogue.slice(0, Math.max(0, requestAt)), names),
    format: formatOf(system, `${request.requirements}\n${repair}`, responseFormat),
  };
}

/**
 * The user turn that carries the inputs: normally the last one, but after a failed parse the
 * last turn is a repair request and the inputs sit in the user turn before the failed answer.
 */
function requestIndex(dialogue: readonly Message[], inputFields: readonly PromptField[]): number {
  for (let i = dialogue.length - 1; i >= 0; i--) {
    const message = dialogue[i];
    if (message?.role !== "user") continue;
    const blocks = Object.keys(readBlocks(message.content));
    if (inputFields.length === 0 || inputFields.some((f) => blocks.includes(f.name))) return i;
  }
  return dialogue.length - 1;
}

function plainPrompt(system: string, finalUser: string, responseFormat?: ResponseFormat): ReadPrompt {
  const asksJson = responseFormat !== undefined && responseFormat.type !== "text";
  return {
    instructions: system.trim(),
    inputFields: [{ name: "text", type: "str", description: "" }],
    outputFields: [],
    inputs: { text: finalUser },
    demos: [],
    format: asksJson ? "json" : "plain",
  };
}

function formatOf(system: string, finalUser: string, responseFormat?: ResponseFormat): AnswerFormat {
  if (responseFormat !== undefined && responseFormat.type !== "text") return "json";
  if (/Respond with a JSON object/.test(finalUser) || system.includes("Outputs will be a JSON object")) return "json";
  return "markers";
}

function fieldsBetween(system: string, start: string, end: string): PromptField[] {
  const from = system.indexOf(start);
  if (from < 0) return [];
  const to = system.indexOf(end, from + start.length);
  const section = system.slice(from + start.length, to < 0 ? undefined : to);
  const fields: PromptField[] = [];
  for (const line of section.split("\n")) {
    const match = fieldLine.exec(line);
    const current = fields[fields.length - 1];
    if (match) {
      fields.push({ name: match[1] ?? "", type: (match[2] ?? "str").trim(), description: (match[3] ?? "").trim() });
    } else if (current && line.trim() !== "") {
      current.description = `${current.description}\n${line.trim()}`.trim();
    }
  }
  return fields;
}

function objectiveOf(system: string): string {
  const at = system.indexOf(objectiveHeader);
  if (at < 0) return "";
  return dedent(system.slice(at + objectiveHeader.length));
}

function dedent(text: string): string {
  const lines = text.split("\n");
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^\s*/.exec(l)?.[0].length ?? 0);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  return lines
    .map((l) => l.slice(Math.min(common, /^\s*/.exec(l)?.[0].length ?? 0)))
    .join("\n")
    .trim();
}

const outputRequirements = /\n\s*Respond with (?:a JSON object|the corresponding output fields)/g;

/**
 * Splits off DSPy's closing "Respond with ..." paragraph. It is the last one: an input that
 * quotes the same words (a transcript can say anything) stays part of the input.
 */
function splitOutputRequirements(content: string): { body: string; requirements: string } {
  const at = [...content.matchAll(outputRequirements)].at(-1)?.index;
  return at === undefined
    ? { body: content, requirements: "" }
    : { body: content.slice(0, at), requirements: content.slice(at) };
}

/**
 * The values of the declared fields, rendered in this order. A marker line opens a block only
 * if it names a declared field in order; any other marker line (an undeclared name, a repeat,
 * one out of order) is text inside a value. Reading `from` the start takes each field's first
 * marker, which suits a request, whose free text sits in its last field (a transcript quoting
 * `[[ ## satisfied ## ]]` is read whole); reading from the end takes each field's last marker,
 * which suits an answer, whose free text (reasoning) comes before its verdict. Without declared
 * fields every marker counts.
 *
 * @example
 * readFieldBlocks("[[ ## transcript ## ]]\nCustomer: hi\n[[ ## satisfied ## ]]", ["transcript"]);
 * // { transcript: "Customer: hi\n[[ ## satisfied ## ]]" }
 */
export function readFieldBlocks(
  content: string,
  names: readonly string[],
  from: "start" | "end" = "start",
): Record<string, string> {
  if (names.length === 0) return readBlocks(content);
  const lines = content.replace(partialDemoNote, "").split("\n");
  // Read backwards, the lines met before a marker are its block; forwards, the lines after it.
  const ordered = from === "start" ? names : [...names].reverse();
  const values: Record<string, string> = {};
  let owner: string | undefined;
  let next = 0;
  let block: string[] = [];
  for (const line of from === "start" ? lines : lines.reverse()) {
    const name = marker.exec(line.trim())?.[1];
    const at = name === undefined ? -1 : ordered.indexOf(name, next);
    if (at < 0) {
      block.push(line);
      continue;
    }
    const finished = from === "start" ? owner : name;
    if (finished !== undefined) values[finished] = (from === "start" ? block : block.reverse()).join("\n").trim();
    [owner, block, next] = [name, [], at + 1];
  }
  if (from === "start" && owner !== undefined) values[owner] = block.join("\n").trim();
  return values;
}

/**
 * `[[ ## name ## ]]` blocks → values by name (trimmed).
 *
 * @example
 * readBlocks("[[ ## transcript ## ]]\nCustomer: hi"); // { transcript: "Customer: hi" }
 */
export function readBlocks(content: string): Record<string, string> {
  const values: Record<string, string> = {};
  let current: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (current !== undefined) values[current] = lines.join("\n").trim();
  };
  for (const line of content.replace(partialDemoNote, "").split("\n")) {
    const match = marker.exec(line.trim());
    if (match) {
      flush();
      current = match[1];
      lines = [];
    } else {
      lines.push(line);
    }
  }
  flush();
  delete values.completed;
  return values;
}

function readDemos(dialogue: readonly Message[], names: { inputs: string[]; outputs: string[] }): PromptDemo[] {
  const demos: PromptDemo[] = [];
  for (let i = 0; i + 1 < dialogue.length; i++) {
    const user = dialogue[i];
    const assistant = dialogue[i + 1];
    if (user?.role !== "user" || assistant?.role !== "assistant") continue;
    demos.push({
      inputs: readFieldBlocks(user.content, names.inputs),
      outputs: readAnswer(assistant.content, names.outputs),
    });
    i++;
  }
  return demos;
}

/**
 * An assistant answer (JSON object or markers) → field values as strings.
 *
 * @example
 * readAnswer('{"satisfied": true}'); // { satisfied: "true" }
 */
export function readAnswer(content: string, names: readonly string[] = []): Record<string, string> {
  const trimmed = content.trim();
  if (trimmed.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
        return Object.fromEntries(
          Object.entries(parsed).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
        );
      }
    } catch {
      // Not JSON after all: fall through to markers.
    }
  }
  // The closing `completed` marker ends the last field instead of becoming part of it.
  const values = readFieldBlocks(trimmed, names.length === 0 ? [] : [...names, "completed"], "end");
  delete values.completed;
  return values;
}
