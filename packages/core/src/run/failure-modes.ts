import type { EvaluationRecord } from "../evaluate/types.ts";
import { Predict } from "../module/predict.ts";
import type { Program } from "../module/program.ts";
import { Signature } from "../signature/signature.ts";
import { singlePredictorProgram } from "./programs.ts";
import type { FailureModeData, FailureModesData } from "./summary-types.ts";

/**
 * The first line of the grouping instructions. The simulator recognises the task by it
 * (sim/failure-modes.ts), so it must not change without that side.
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

/** The grouping program's predictor name and fields: the critiques in, the modes as JSON out. */
export const failureModePredictor = "group_failure_modes";
export const failureModeInput = "critiques";
export const failureModeOutput = "modes";

/** The grouping job's example id: one job per compare stage. */
export const failureModeExampleId = "failure-modes";

/** Instructions of the grouping program; its first line is `failureModeTask`. */
export const failureModeInstructions = [
  failureModeTask,
  "Each critique explains why one reply failed. Name between 2 and 8 failure modes that cover them,",
  "each with a short name and a one-sentence description, and assign every critique id to exactly one mode.",
  'Answer with JSON only: {"modes":[{"name":"...","description":"...","ids":["..."]}]}.',
].join("\n");

/**
 * The program that names failure modes: one Predict from the critiques (one a line, each tagged
 * with its id) to the modes as JSON. A program rather than a bare call so that it runs as a stage
 * job like every other call of the compare stage (on AWS a worker behind SQS runs it; the stage's
 * own execution may make no LM call), with the run's cache, meter and budget.
 *
 * @example
 * const prediction = await failureModeProgram().call(failureModeInputs(critiques), { defaultLM: lm });
 */
export function failureModeProgram(): Program {
  const signature = Signature.fromSpec({
    inputs: {
      [failureModeInput]: { type: "string", description: "One critique a line, each starting with its [id]" },
    },
    outputs: {
      [failureModeOutput]: {
        type: "string",
        description: 'JSON {"modes":[{"name","description","ids"}]} naming every critique id once',
      },
    },
    instructions: failureModeInstructions,
  });
  return singlePredictorProgram(failureModePredictor, new Predict(signature), "failure-modes");
}

/**
 * The grouping program's input: every critique on its own line, `[id] text`, whitespace folded
 * so that a critique is one line.
 *
 * @example
 * failureModeInputs([{ id: "baseline:c1", exampleId: "c1", side: "baseline", critique: "No next step." }]);
 * // { critiques: "[baseline:c1] No next step." }
 */
export function failureModeInputs(critiques: readonly FailingCritique[]): Record<string, string> {
  const lines = critiques.map((c) => `[${c.id}] ${c.critique.replace(/\s+/g, " ").trim()}`);
  return { [failureModeInput]: lines.join("\n") };
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

/** What the grouping job returned: its record, as the stage pass stored it. */
export type FailureModeRecord = Pick<
  EvaluationRecord,
  "status" | "outputs" | "errorKind" | "errorMessage" | "simulated"
>;

/**
 * Failure modes from the grouping job's record. Never throws: a failed or refused call, or an
 * answer that is not the JSON asked for, leaves the section "not run" with the reason, since the
 * rest of the run does not depend on it.
 *
 * @example
 * failureModesOf(record, critiques, "openai/gpt-4.1"); // .notRun ?? .modes
 */
export function failureModesOf(
  record: FailureModeRecord,
  critiques: readonly FailingCritique[],
  model: string,
): FailureModesData {
  const failing = failingCounts(critiques);
  if (record.status !== "scored") {
    // The reason names what failed, never the prompt or the answer.
    const why = record.errorMessage ?? record.errorKind ?? record.status;
    return failureModesNotRun(critiques, `the failure-mode call failed: ${why}`);
  }
  const answer = record.outputs?.[failureModeOutput];
  try {
    const parsed = parseFailureModes(typeof answer === "string" ? answer : "", critiques);
    return { modes: countFailureModes(parsed, critiques), failing, simulated: record.simulated, model };
  } catch (error) {
    return failureModesNotRun(critiques, error instanceof Error ? error.message : String(error));
  }
}

/**
 * The section without modes, with the reason.
 *
 * @example
 * failureModesNotRun(critiques, "no failing reply has a gold critique");
 */
export function failureModesNotRun(critiques: readonly FailingCritique[], reason: string): FailureModesData {
  return { modes: [], failing: failingCounts(critiques), simulated: false, notRun: reason };
}

function failingCounts(critiques: readonly FailingCritique[]): FailureModesData["failing"] {
  return { baseline: count(critiques, "baseline"), optimized: count(critiques, "optimized") };
}

function count(critiques: readonly FailingCritique[], side: FailingCritique["side"]): number {
  return critiques.filter((c) => c.side === side).length;
}
