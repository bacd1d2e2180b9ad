import type { LM, Message } from "../lm/types.ts";
import type { FailureModeData, FailureModesData } from "./summary-types.ts";

/**
 * The first line of the grouping prompt. The simulator recognises the task by it (sim/failure-modes.ts),
 * so it must not change without that side.
 */
export const failureModeTask = "Group critiques of failing customer-support replies into named failure modes.";

/** The mode every critique the model left out (or assigned to an unknown mode) falls into. */
export const otherMode = "other";

/** One gold critique of a reply gold failed: `side` says whose reply it is. */
export interface FailingCritique {
  /** Unique within one grouping call: "baseline:<example id>" or "optimized:<example id>". */
  id: string;
  exampleId: string;
  side: "baseline" | "optimized";
  critique: string;
}

/** What the model's answer said, after checking: every critique id in exactly one mode. */
export interface ParsedFailureModes {
  modes: { name: string; description: string; ids: string[] }[];
}

/** Listed example ids per mode (the counts cover all of them). */
const maxExampleIds = 5;

/**
 * The one prompt that asks the proposer model to name failure modes and assign every critique
 * to one. Plain messages with a JSON answer: it is not a program to optimize, just one call.
 *
 * @example
 * failureModePrompt([{ id: "baseline:c1", exampleId: "c1", side: "baseline", critique: "It offers no next step." }]);
 */
export function failureModePrompt(critiques: readonly FailingCritique[]): Message[] {
  const system = [
    failureModeTask,
    "Each critique explains why one reply failed. Name between 2 and 8 failure modes that cover them,",
    "each with a short name and a one-sentence description, and assign every critique id to exactly one mode.",
    'Answer with JSON only: {"modes":[{"name":"...","description":"...","ids":["..."]}]}.',
  ].join("\n");
  const lines = critiques.map((c) => `[${c.id}] ${c.critique.replace(/\s+/g, " ").trim()}`);
  return [
    { role: "system", content: system },
    { role: "user", content: `Critiques:\n${lines.join("\n")}` },
  ];
}

/**
 * Reads the model's answer: JSON (a code fence around it is allowed) with a `modes` list. Ids the
 * prompt did not contain are dropped, an id in two modes stays in the first, and every critique
 * the answer left out goes to "other". Throws when the answer is not such JSON.
 *
 * @example
 * parseFailureModes('{"modes":[{"name":"No next step","description":"…","ids":["baseline:c1"]}]}', critiques);
 */
export function parseFailureModes(text: string, critiques: readonly FailingCritique[]): ParsedFailureModes {
  const body = text
    .trim()
    .replace(/^```(?:json)?\s*/i, "")
    .replace(/```\s*$/, "");
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch {
    throw new Error("the failure-mode answer is not JSON");
  }
  const modes = (answer as { modes?: unknown } | null)?.modes;
  if (!Array.isArray(modes)) throw new Error("the failure-mode answer has no `modes` list");
  const known = new Set(critiques.map((c) => c.id));
  const assigned = new Set<string>();
  const byName = new Map<string, { name: string; description: string; ids: string[] }>();
  for (const [index, raw] of modes.entries()) {
    const mode = raw as { name?: unknown; description?: unknown; ids?: unknown };
    const name = typeof mode?.name === "string" && mode.name.trim() !== "" ? mode.name.trim() : undefined;
    if (name === undefined) throw new Error(`failure mode ${index + 1} has no name`);
    const entry = byName.get(name.toLowerCase()) ?? {
      name,
      description: typeof mode.description === "string" ? mode.description.trim() : "",
      ids: [],
    };
    byName.set(name.toLowerCase(), entry);
    for (const id of Array.isArray(mode.ids) ? mode.ids : []) {
      if (typeof id !== "string" || !known.has(id) || assigned.has(id)) continue;
      assigned.add(id);
      entry.ids.push(id);
    }
  }
  const missing = critiques.filter((c) => !assigned.has(c.id)).map((c) => c.id);
  if (missing.length > 0) {
    const other = byName.get(otherMode) ?? {
      name: otherMode,
      description: "Critiques no named mode covered.",
      ids: [],
    };
    other.ids.push(...missing);
    byName.set(otherMode, other);
  }
  return { modes: [...byName.values()].filter((m) => m.ids.length > 0) };
}

/**
 * Counts each mode's critiques per side, most frequent first.
 *
 * @example
 * countFailureModes(parsed, critiques)[0]; // { name, description, baseline: 4, optimized: 1, exampleIds }
 */
export function countFailureModes(
  parsed: ParsedFailureModes,
  critiques: readonly FailingCritique[],
): FailureModeData[] {
  const byId = new Map(critiques.map((c) => [c.id, c]));
  return parsed.modes
    .map((mode) => {
      const items = mode.ids.flatMap((id) => byId.get(id) ?? []);
      return {
        name: mode.name,
        description: mode.description,
        baseline: items.filter((c) => c.side === "baseline").length,
        optimized: items.filter((c) => c.side === "optimized").length,
        exampleIds: [...new Set(items.map((c) => c.exampleId))].slice(0, maxExampleIds),
      };
    })
    .sort((a, b) => b.baseline + b.optimized - (a.baseline + a.optimized) || a.name.localeCompare(b.name));
}

/**
 * Failure modes of the failing replies by one call of `lm` (the run's proposer, metered, cached
 * and budgeted like every call). Never throws: a failed call or an unreadable answer leaves the
 * section "not run" with the reason, since the rest of the run does not depend on it.
 *
 * @example
 * const modes = await failureModesOf(ctx.lmFor(proposer), critiques); // modes.notRun ?? modes.modes
 */
export async function failureModesOf(
  lm: LM | null,
  critiques: readonly FailingCritique[],
  signal?: AbortSignal,
): Promise<FailureModesData> {
  const failing = { baseline: count(critiques, "baseline"), optimized: count(critiques, "optimized") };
  const notRun = (reason: string): FailureModesData => ({ modes: [], failing, simulated: false, notRun: reason });
  if (lm === null) return notRun("the run has no proposer model to name failure modes");
  if (critiques.length === 0) return notRun("no failing reply has a gold critique");
  try {
    const response = await lm.call({ messages: failureModePrompt(critiques), temperature: 0, signal });
    const parsed = parseFailureModes(response.text, critiques);
    return {
      modes: countFailureModes(parsed, critiques),
      failing,
      simulated: response.simulated === true,
      model: lm.model,
    };
  } catch (error) {
    if (signal?.aborted) throw error;
    // The reason names what failed, never the prompt or the answer.
    return notRun(`the failure-mode call failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function count(critiques: readonly FailingCritique[], side: FailingCritique["side"]): number {
  return critiques.filter((c) => c.side === side).length;
}
