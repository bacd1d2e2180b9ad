import { readFileSync } from "node:fs";
import type { Message } from "../../lm/types.ts";
import type { Demo } from "../../module/state.ts";
import { simpleType } from "../../signature/field.ts";
import { Signature } from "../../signature/signature.ts";

// Test support: rebuilds the shared DSPy judge fixture's signature, demos and input from its
// messages, so a test can render them again and compare.

const fixtureUrl = new URL("../../../../../../shared/fixtures/dspy-render/judge-jsonadapter.json", import.meta.url);
const objectiveMarker = "In adhering to this structure, your objective is: \n";
const transcriptMarker = "[[ ## transcript ## ]]\n";
const notSupplied = "Not supplied for this particular example. ";

interface FixtureField {
  name: string;
  type: string;
  desc: string;
}

export interface JudgeFixture {
  signature: { inputs: FixtureField[]; outputs: FixtureField[] };
  messages: Message[];
  /** The answer the judge gave to the final request. */
  response: string;
}

export const judgeFixture = JSON.parse(readFileSync(fixtureUrl, "utf8")) as JudgeFixture;

/** The fixture's signature; the instructions are the objective text with its 8-space indent removed. */
export function judgeSignature(): Signature {
  const toSpecs = (fields: FixtureField[]) =>
    Object.fromEntries(fields.map((f) => [f.name, { type: simpleType(f.type), description: f.desc }]));
  const system = judgeFixture.messages[0]?.content ?? "";
  const instructions = system
    .slice(system.indexOf(objectiveMarker) + objectiveMarker.length)
    .split("\n")
    .map((line) => line.replace(/^ {8}/, ""))
    .join("\n");
  return Signature.fromSpec({
    inputs: toSpecs(judgeFixture.signature.inputs),
    outputs: toSpecs(judgeFixture.signature.outputs),
    instructions,
  });
}

/** Inverts one rendered demo pair: the transcript block and the JSON answer minus "not supplied" fields. */
function demoFromMessages(user: Message, assistant: Message): Demo {
  const transcript = user.content.slice(user.content.indexOf(transcriptMarker) + transcriptMarker.length);
  const outputs = JSON.parse(assistant.content) as Record<string, string>;
  const supplied = Object.entries(outputs).filter(([, value]) => value !== notSupplied);
  return { transcript, ...Object.fromEntries(supplied) };
}

/** The four demos in rendered order (the first one lacks `reasoning`) and the final input. */
export function judgeDemosAndInput(): { demos: Demo[]; transcript: string } {
  const pairs = judgeFixture.messages.slice(1, -1);
  const demos: Demo[] = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const [user, assistant] = [pairs[i], pairs[i + 1]];
    if (user && assistant) demos.push(demoFromMessages(user, assistant));
  }
  const last = judgeFixture.messages.at(-1)?.content ?? "";
  const transcript = last.slice(last.indexOf("\n") + 1, last.lastIndexOf("\n\nRespond with a JSON object"));
  return { demos, transcript };
}

/** Messages with trailing whitespace trimmed: the fixture could not record trailing newlines. */
export function trimEnds(messages: readonly Message[]): Message[] {
  return messages.map((m) => ({ role: m.role, content: m.content.trimEnd() }));
}
