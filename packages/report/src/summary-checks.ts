/**
 * Cross-field rules of a RunSummary that a field-by-field schema cannot state: each absent
 * section says why it did not run, the simulated flag matches the models, the gate verdict is
 * consistent, flips agree with their verdicts and optimizer trials point at real candidates.
 */
import type { z } from "zod";
import type { OptimizationSummary, OptionalPart, RunSummary } from "./summary.ts";

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

function problem(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: "custom", path, message });
}

/**
 * Adds an issue (with its field path) for every rule the summary breaks.
 *
 * @example
 * z.strictObject({ ... }).superRefine(checkSummary);
 */
export function checkSummary(summary: RunSummary, ctx: Ctx): void {
  checkSimulated(summary, ctx);
  checkNotRun(summary, ctx);
  if (summary.judge) checkGate(summary.judge.gate, summary.generator !== undefined, ctx);
  if (summary.optimizer?.judge) checkOptimization(summary.optimizer.judge, ["optimizer", "judge"], ctx);
  if (summary.optimizer?.generator) checkOptimization(summary.optimizer.generator, ["optimizer", "generator"], ctx);
  summary.flips?.examples.forEach((flip, index) => {
    const expected = flip.direction === "fail-to-pass" ? [false, true] : [true, false];
    if (flip.baseline.verdict !== expected[0] || flip.optimized.verdict !== expected[1]) {
      problem(ctx, ["flips", "examples", index, "direction"], `${flip.direction} disagrees with the two verdicts`);
    }
  });
}

function checkSimulated(summary: RunSummary, ctx: Ctx): void {
  const models = Object.values(summary.overview.models).filter((m) => m !== null);
  if (!summary.overview.simulated && models.some((m) => m.startsWith("sim/"))) {
    problem(ctx, ["overview", "simulated"], "must be true when any model is sim/*");
  }
}

/** Whether each optional part is present; optimizer parts only count when the optimizer ran. */
function presence(summary: RunSummary): Partial<Record<OptionalPart, boolean>> {
  const parts: Partial<Record<OptionalPart, boolean>> = {
    judge: summary.judge !== undefined,
    optimizer: summary.optimizer !== undefined,
    generator: summary.generator !== undefined,
    flips: summary.flips !== undefined,
    prompts: summary.prompts !== undefined,
  };
  if (summary.optimizer) {
    parts["optimizer.judge"] = summary.optimizer.judge !== undefined;
    parts["optimizer.generator"] = summary.optimizer.generator !== undefined;
  }
  return parts;
}

function checkNotRun(summary: RunSummary, ctx: Ctx): void {
  const present = presence(summary);
  for (const [part, isPresent] of Object.entries(present)) {
    const reason = summary.notRun[part as OptionalPart];
    if (!isPresent && reason === undefined) {
      problem(ctx, ["notRun", part], `${part} is absent, so notRun.${part} must say why`);
    }
    if (isPresent && reason !== undefined) {
      problem(ctx, ["notRun", part], `${part} is present, so it needs no notRun reason`);
    }
  }
  for (const part of Object.keys(summary.notRun)) {
    if (part === "generator.gold") continue;
    if (!(part in present)) problem(ctx, ["notRun", part], "the optimizer section itself is absent");
  }
  checkGoldNotRun(summary, ctx);
}

/**
 * `generator.gold` came later than the other parts: summaries written before it have neither
 * the check nor a reason, so its reason is optional; it needs the generator section, and a
 * present check needs none.
 */
function checkGoldNotRun(summary: RunSummary, ctx: Ctx): void {
  const reason = summary.notRun["generator.gold"];
  if (reason === undefined) return;
  if (summary.generator === undefined) {
    problem(ctx, ["notRun", "generator.gold"], "the generator section itself is absent");
  } else if (summary.generator.gold !== undefined) {
    problem(ctx, ["notRun", "generator.gold"], "generator.gold is present, so it needs no notRun reason");
  }
}

function checkGate(gate: NonNullable<RunSummary["judge"]>["gate"], generatorRan: boolean, ctx: Ctx): void {
  if (gate.allowed !== (gate.passed || gate.forced)) {
    problem(ctx, ["judge", "gate", "allowed"], "must equal passed || forced");
  }
  const clears = gate.kappaLower !== null && gate.kappaLower >= gate.threshold;
  if (gate.passed !== clears) {
    problem(ctx, ["judge", "gate", "passed"], "must equal kappaLower >= threshold (false when kappaLower is null)");
  }
  if (generatorRan && !gate.allowed) {
    problem(ctx, ["generator"], "is present although the gate did not allow the judge");
  }
}

function checkOptimization(run: OptimizationSummary, path: Path, ctx: Ctx): void {
  const instructionIndexes = new Set(run.instructions.map((i) => i.index));
  run.instructions.forEach((instruction, position) => {
    if (instruction.index !== position)
      problem(ctx, [...path, "instructions", position, "index"], "must equal its position");
  });
  run.trials.forEach((trial, position) => {
    const at = [...path, "trials", position];
    if (trial.index !== position) problem(ctx, [...at, "index"], "must equal its position");
    if (trial.instructionIndex !== null && !instructionIndexes.has(trial.instructionIndex)) {
      problem(ctx, [...at, "instructionIndex"], "names no candidate instruction");
    }
  });
  const chosen = run.chosen.instructionIndex;
  if (chosen !== null && !instructionIndexes.has(chosen)) {
    problem(ctx, [...path, "chosen", "instructionIndex"], "names no candidate instruction");
  }
}
