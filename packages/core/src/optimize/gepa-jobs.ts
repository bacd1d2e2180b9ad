import { JudgeloopError } from "../errors.ts";
import type { ProgramState } from "../module/state.ts";
import type { ExampleData } from "./example-data.ts";
import { type ReflectionExample, reflectionInputs } from "./gepa-reflection.ts";
import type { GepaJobSpec, GepaSplit, GepaState } from "./gepa-state.ts";
import { jobId, type MiproJob } from "./mipro-jobs.ts";

/**
 * The full, self-contained jobs a GEPA state waits for (rebuilt from the state alone, which keeps
 * only compact specs). Evaluate jobs and reflect jobs are ordinary optimizer jobs, so the same
 * workers (`runMiproJob`) run them.
 *
 * @example
 * const jobs = gepaPendingJobs(JSON.parse(savedState));
 */
export function gepaPendingJobs(state: GepaState): MiproJob[] {
  return expandGepaJobs(
    state,
    state.pending.filter((spec) => !(spec.id in state.inbox)),
  );
}

/**
 * The jobs for some specs of `state`.
 *
 * @example
 * expandGepaJobs(state, state.pending);
 */
export function expandGepaJobs(state: GepaState, specs: readonly GepaJobSpec[]): MiproJob[] {
  const programs = new Map<string, ProgramState>();
  return specs.map((spec) => {
    const base = { id: spec.id, runId: state.runId };
    if (spec.kind === "reflect") {
      return {
        ...base,
        kind: "reflect",
        predictor: spec.predictor,
        inputs: reflectInputsOf(state),
        temperature: state.plan.config.reflectionTemperature,
        rolloutId: spec.iteration,
      };
    }
    const program = programs.get(spec.target) ?? programState(state, instructionsOf(state, spec.target));
    programs.set(spec.target, program);
    return {
      ...base,
      kind: "evaluate",
      evaluation: `${spec.target}/${spec.split}`,
      program,
      example: exampleOf(state, spec.split, spec.exampleIndex),
      exampleIndex: spec.exampleIndex,
      ...(spec.withFeedback && { withFeedback: true }),
    };
  });
}

/**
 * An evaluate spec with its deterministic id (the iteration keeps trial ids apart).
 *
 * @example
 * evaluateSpec(state, "c0", "val", 4);
 */
export function evaluateSpec(
  state: GepaState,
  target: string,
  split: GepaSplit,
  exampleIndex: number,
  withFeedback = false,
): GepaJobSpec {
  const candidate = target === "trial" ? `trial-${state.iteration?.n ?? 0}-${state.iteration?.stage}` : target;
  const example = exampleOf(state, split, exampleIndex).id;
  const step = withFeedback ? `evaluate-feedback-${state.iteration?.n ?? 0}` : `evaluate-${split}`;
  return {
    id: jobId(state.runId, step, candidate, example),
    kind: "evaluate",
    target,
    split,
    exampleIndex,
    ...(withFeedback && { withFeedback: true }),
  };
}

/**
 * The instructions an evaluation target names: a pool candidate's, or the trial of the iteration in flight.
 *
 * @example
 * instructionsOf(state, "c0").judge;
 */
export function instructionsOf(state: GepaState, target: string): Record<string, string> {
  if (target === "trial") {
    const trial = state.iteration?.trial;
    if (!trial)
      throw new JudgeloopError("bad_optimizer_state", "a pending GEPA job names a trial that is not in flight");
    return trial;
  }
  const candidate = state.candidates.find((c) => c.id === target);
  if (!candidate)
    throw new JudgeloopError("bad_optimizer_state", `a pending GEPA job names unknown candidate ${target}`);
  return candidate.instructions;
}

/**
 * The baseline program with some predictors' instructions replaced (demos kept).
 *
 * @example
 * programState(state, { judge: "Judge strictly." });
 */
export function programState(state: GepaState, instructions: Record<string, string>): ProgramState {
  const program = structuredClone(state.baseline);
  for (const [name, text] of Object.entries(instructions)) {
    const predictor = program.predictors[name];
    if (predictor) predictor.signature = { ...predictor.signature, instructions: text };
  }
  return program;
}

/**
 * An example of one split.
 *
 * @example
 * exampleOf(state, "train", 0).id;
 */
export function exampleOf(state: GepaState, split: GepaSplit, index: number): ExampleData {
  const set = split === "train" ? state.trainset : split === "val" ? state.valset : state.confirmset;
  const example = set[index];
  if (!example) throw new JudgeloopError("bad_optimizer_state", `a pending GEPA job names ${split} example #${index}`);
  return example;
}

/** The reflection's inputs, from the parent's minibatch results kept on the iteration. */
function reflectInputsOf(state: GepaState): Record<string, string> {
  const iteration = state.iteration;
  const reflection = iteration?.reflection;
  if (!iteration || !reflection || !iteration.parent) {
    throw new JudgeloopError("bad_optimizer_state", "a pending GEPA reflection has no iteration in flight");
  }
  const parent = state.candidates.find((c) => c.id === iteration.parent);
  const instruction = parent?.instructions[reflection.predictor] ?? "";
  const examples: ReflectionExample[] = reflection.feedback.map((item, i) => ({
    example: exampleOf(state, "train", iteration.examples[i] ?? 0),
    outputs: iteration.outputs?.[i] ?? null,
    score: item.score,
    feedback: item.feedback,
  }));
  return reflectionInputs(instruction, parent?.score ?? null, examples);
}
