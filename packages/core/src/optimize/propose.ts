import type { Random } from "../util/random.ts";
import { baselineTraceScore } from "./bootstrap.ts";
import { jobId, type MiproJobResult, type MiproJobSpec } from "./mipro-jobs.ts";
import type { InstructionCandidate, MiproState } from "./mipro-state.ts";
import { demosText, describeProgram, historyText, proposalTips, summarizerInputs } from "./proposal-prompts.ts";

type ProposeSpec = Extract<MiproJobSpec, { kind: "propose" }>;

/**
 * Starts the propose phase: for each predictor, `numInstructionCandidates - 1` proposal jobs,
 * each with a random tip and a random demo set to show. Candidate 0 is the original
 * instruction and costs no call.
 *
 * @example
 * const specs = startProposals(draft, rng);
 */
export function startProposals(state: MiproState, rng: Random): MiproJobSpec[] {
  const tips = Object.keys(proposalTips);
  const specs: MiproJobSpec[] = [];
  for (const predictor of state.predictors) {
    const sets = state.demoSets[predictor] ?? [];
    const withDemos = sets.map((set, i) => (set.demos.length > 0 ? i : -1)).filter((i) => i >= 0);
    for (let slot = 1; slot < state.plan.config.numInstructionCandidates; slot++) {
      const tip = rng.pick(tips);
      const demoSet = withDemos.length > 0 ? rng.pick(withDemos) : -1;
      const id = jobId(state.runId, "propose", `${predictor}#${slot}`, "-");
      specs.push({ id, kind: "propose", predictor, slot, tip, demoSet });
    }
  }
  state.instructions = Object.fromEntries(state.predictors.map((p) => [p, [originalCandidate(state, p)]]));
  return specs;
}

/**
 * Adds the proposals that came back, in slot order, skipping failed, empty and duplicate ones.
 *
 * @example
 * collectProposals(draft, specs, resultsById);
 */
export function collectProposals(
  state: MiproState,
  specs: readonly MiproJobSpec[],
  results: ReadonlyMap<string, MiproJobResult>,
): void {
  for (const spec of specs) {
    if (spec.kind !== "propose") continue;
    const result = results.get(spec.id);
    const text = result?.kind === "propose" && result.status === "ok" ? (result.text ?? "").trim() : "";
    const candidates = state.instructions[spec.predictor] ?? [];
    const known = new Set(candidates.map((c) => normalize(c.text)));
    if (text === "" || known.has(normalize(text))) continue;
    candidates.push({ text, source: "proposed", tip: spec.tip });
    state.instructions[spec.predictor] = candidates;
  }
}

/**
 * The proposer's inputs for one proposal job.
 *
 * @example
 * proposalInputs(state, spec).basic_instruction; // the original instruction
 */
export function proposalInputs(state: MiproState, spec: ProposeSpec): Record<string, string> {
  const original = state.baseline.predictors[spec.predictor]?.signature.instructions ?? "";
  const demos = spec.demoSet >= 0 ? (state.demoSets[spec.predictor]?.[spec.demoSet]?.demos ?? []) : [];
  return {
    dataset_description: state.summary ?? "No summary is available.",
    program_description: describeProgram(state.baseline, spec.predictor),
    task_demos: demosText(demos, state.plan.config.demosInContext),
    basic_instruction: original,
    previous_instructions: historyText([{ text: original, score: baselineTraceScore(state) }]),
    tip: proposalTips[spec.tip] || "No tip.",
  };
}

/**
 * The summarizer's inputs: the first `viewDataBatchSize` train examples.
 *
 * @example
 * summaryInputs(state).examples;
 */
export function summaryInputs(state: MiproState): Record<string, string> {
  return summarizerInputs(state.trainset.slice(0, state.plan.config.viewDataBatchSize));
}

function originalCandidate(state: MiproState, predictor: string): InstructionCandidate {
  return { text: state.baseline.predictors[predictor]?.signature.instructions ?? "", source: "original" };
}

function normalize(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}
