import { JudgeloopError } from "../errors.ts";
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
  const programs = new Map<string, MiproJob & { kind: "evaluate" }>();
  return specs.map((spec): MiproJob => {
    const base = { id: spec.id, runId: state.runId };
    switch (spec.kind) {
      case "trace":
        return {
          ...base,
          kind: "trace",
          program: state.baseline,
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
        const program = programs.get(spec.evaluation)?.program ?? programOf(state, spec.evaluation);
        const job: MiproJob & { kind: "evaluate" } = {
          ...base,
          kind: "evaluate",
          evaluation: spec.evaluation,
          program,
          example: requireExample(state.valset[spec.exampleIndex], "valset", spec.exampleIndex),
          exampleIndex: spec.exampleIndex,
        };
        programs.set(spec.evaluation, job);
        return job;
      }
    }
  });
}

function programOf(state: MiproState, evaluationId: string) {
  const evaluation = state.search.evaluations.find((e) => e.id === evaluationId);
  if (!evaluation) throw new JudgeloopError("bad_optimizer_state", `pending job names unknown evaluation ${evaluationId}`);
  return programForParams(state, evaluation.params);
}

function requireExample<T>(example: T | undefined, set: string, index: number): T {
  if (example === undefined) throw new JudgeloopError("bad_optimizer_state", `pending job names ${set} example #${index}, which does not exist`);
  return example;
}
