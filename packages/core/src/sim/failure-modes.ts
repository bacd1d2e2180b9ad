/**
 * The simulated answer to the run's failure-mode prompt (run/failure-modes.ts): each critique goes
 * to the mode of the first reply check (reply-checks.ts) whose failing clause it quotes, so the same
 * critiques always group the same way. Critiques that quote no failing check go to "other".
 */

/** Failing clauses of each reply check, as the simulated gold and judge write them in critiques. */
const checkModes: readonly { name: string; description: string; pattern: RegExp }[] = [
  {
    name: "Off topic",
    description: "The reply does not address what the customer asked.",
    pattern: /does not address the customer/i,
  },
  {
    name: "No next step",
    description: "The reply offers no concrete next step.",
    pattern: /offers no concrete next step/i,
  },
  {
    name: "No empathy",
    description: "The reply shows no or only generic empathy.",
    pattern: /shows no empathy|empathy is generic/i,
  },
  { name: "Wrong length", description: "The reply is too short or too long.", pattern: /is too (short|long)/i },
  { name: "Dismissive tone", description: "The reply's tone is dismissive.", pattern: /tone is dismissive/i },
  { name: "No timeframe", description: "The reply gives no timeframe.", pattern: /gives no timeframe/i },
  {
    name: "No booking reference",
    description: "The reply does not ask for the booking reference.",
    pattern: /does not ask for the booking reference/i,
  },
  { name: "Blames the customer", description: "The reply blames the customer.", pattern: /blames the customer/i },
  { name: "Unsigned", description: "The reply is not signed by the agent.", pattern: /is not signed/i },
];

const critiqueLine = /^\[([^\]\s]+)\]\s*(.*)$/;

/** How the simulator recognises the task, reading the prompt as a model would. */
const taskPattern = /\binto named failure modes\b/i;

/**
 * True when a prompt's instructions ask to group critiques into failure modes.
 *
 * @example
 * isFailureModePrompt("Group critiques of failing replies into named failure modes."); // true
 */
export function isFailureModePrompt(instructions: string): boolean {
  return taskPattern.test(instructions);
}

/**
 * The JSON answer: modes in check order, each with the ids of the critiques that quote it first.
 *
 * @example
 * simulateFailureModes("Critiques:\n[baseline:c1] It offers no concrete next step.");
 * // '{"modes":[{"name":"No next step","description":"…","ids":["baseline:c1"]}]}'
 */
export function simulateFailureModes(text: string): string {
  const ids = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    const match = critiqueLine.exec(line.trim());
    if (!match) continue;
    const [, id = "", critique = ""] = match;
    const mode = checkModes.find((m) => m.pattern.test(critique))?.name ?? "other";
    ids.set(mode, [...(ids.get(mode) ?? []), id]);
  }
  const modes = [...checkModes, { name: "other", description: "Critiques that quote no reply check.", pattern: /$^/ }]
    .filter((m) => ids.has(m.name))
    .map((m) => ({ name: m.name, description: m.description, ids: ids.get(m.name) ?? [] }));
  return JSON.stringify({ modes });
}
