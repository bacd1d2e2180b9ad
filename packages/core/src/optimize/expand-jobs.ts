import { JudgeloopError } from "../errors.ts";
import type { ProgramState } from "../module/state.ts";
import { teacherProgram } from "./bootstrap.ts";
import { programForParams } from "./candidates.ts";
import type { MiproJob, MiproJobSpec } from "./mipro-jobs.ts";
import type { MiproState } from "./mipro-state.ts";
import { proposalInputs, summaryInputs } from "./propose.ts";

/**
 * The full, self-contained jobs for pending specs, rebuilt from the state alone (the state keeps
 * only compact specs, so it stays small). Pure.
 *
 * @example
 * const jobs = pendingJobs(JSON.parse(savedState)); // what a resumed driver runs next
 */
export function pendingJobs(state: MiproState): MiproJob[] {
  return expandJobs(
    state,
    state.pending.filter((spec) => !(spec.id in state.inbox)),
  );
}

/**
 * The jobs for some specs of `state`.
 *
 * @example
 * expandJobs(state, state.pending);
 */
export function expandJobs(state: MiproState, specs: readonly MiproJobSpec[]): MiproJob[] {
  const programs = new Map<string, ProgramState>();
  return specs.map((spec) => expandJob(state, spec, programs));
}

/** One job; evaluate jobs of the same evaluation share one program object. */
function expandJob(state: MiproState, spec: MiproJobSpec, programs: Map<string, ProgramState>): MiproJob {
  const base = { id: spec.id, runId: state.runId };
  switch (spec.kind) {
    case "trace":
      return {
        ...base,
        kind: "trace",
        program: teacherProgram(state, spec.exampleIndex),
        example: requireExample(state.trainset[spec.exampleIndex], "trainset", spec.exampleIndex),
        exampleIndex: spec.exampleIndex,
        round: spec.round,
        // Later rounds need new samples of the same examples, as DSPy's rollouts do.
        ...(spec.round > 0 && { temperature: 1, rolloutId: spec.round }),
      };
    case "summarize":
      return { ...base, kind: "summarize", inputs: summaryInputs(state) };
    case "propose":
      return {
        ...base,
        kind: "propose",
        predictor: spec.predictor,
        inputs: proposalInputs(state, spec),
        temperature: state.plan.config.proposalTemperature,
        rolloutId: spec.slot,
      };
    case "evaluate": {
      const confirm = spec.split === "confirm";
      const program = programs.get(spec.evaluation) ?? programOf(state, spec.evaluation, confirm);
      programs.set(spec.evaluation, program);
      const examples = confirm ? (state.confirmset ?? []) : state.valset;
      return {
        ...base,
        kind: "evaluate",
        evaluation: spec.evaluation,
        program,
        example: requireExample(examples[spec.exampleIndex], confirm ? "confirmset" : "valset", spec.exampleIndex),
        exampleIndex: spec.exampleIndex,
      };
    }
  }
}

function programOf(state: MiproState, evaluationId: string, confirm: boolean) {
  const evaluations = confirm ? (state.confirmations ?? []) : state.search.evaluations;
  const evaluation = evaluations.find((e) => e.id === evaluationId);
  if (!evaluation)
    throw new JudgeloopError("bad_optimizer_state", `pending job names unknown evaluation ${evaluationId}`);
  return programForParams(state, evaluation.params);
}

function requireExample<T>(example: T | undefined, set: string, index: number): T {
  if (example === undefined)
    throw new JudgeloopError("bad_optimizer_state", `pending job names ${set} example #${index}, which does not exist`);
  return example;
}
