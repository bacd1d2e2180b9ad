import { JudgeloopError } from "../errors.ts";
import { diffModels, type ModelDiff } from "./diff-models.ts";
import { splitModelString } from "./model-family.ts";
import type { ListedModel, RegisteredModel, WatchedProgram } from "./model-registry.ts";
import { judgeChange, newerVersion } from "./upgrades.ts";

export interface NightlyInput {
  /** What the registry knew before tonight. */
  registry: readonly RegisteredModel[];
  /** Tonight's listings of every provider that answered. */
  listed: readonly ListedModel[];
  watchedPrograms: readonly WatchedProgram[];
  /** Dollars tonight's runs and re-scores may commit in total, counted at their caps. */
  nightlyBudgetUsd: number;
}

/** A re-optimization to start: the program's champion model moves to `toModel`. */
export interface PlannedRun {
  readonly program: string;
  readonly fromModel: string;
  /** `provider/model` of the newer version. */
  readonly toModel: string;
  /** The run's dollar cap (the program's `runBudgetUsd`). */
  readonly budgetUsd: number;
}

/** A frozen gold set to score again with the program's judge. */
export interface PlannedRescore {
  readonly program: string;
  readonly goldSetId: string;
  readonly judgeModel: string;
  readonly reason: string;
  readonly budgetUsd: number;
}

/** Work that was due but not planned, and why (so far only: over the nightly budget). */
export interface SkippedWork {
  readonly program: string;
  readonly work: "run" | "rescore";
  readonly model: string;
  readonly reason: string;
}

export interface NightlyPlan {
  readonly diff: ModelDiff;
  readonly rescores: readonly PlannedRescore[];
  readonly runs: readonly PlannedRun[];
  readonly skipped: readonly SkippedWork[];
  /** Sum of the planned caps: the most tonight can spend. */
  readonly plannedUsd: number;
}

// Dollars are summed in micro-dollars so that 0.1 + 0.2 never exceeds a 0.3 budget.
const micro = (usd: number) => Math.round(usd * 1_000_000);

/**
 * Plans one night: diffs the listings against the registry, then, programs in name order,
 * (1) re-scores the program's frozen gold set when its judge's model changed, and (2) starts
 * exactly one re-optimization when its champion model's family gained a newer version, on
 * the newest such version (or, when tonight brings none, on the `pendingModel` an earlier night
 * could not start). Each item is planned at its dollar cap while the caps fit in
 * `nightlyBudgetUsd`; what does not fit is listed in `skipped` with the reason. A gold re-score
 * goes before its program's run because the run's scores can only be read against it.
 *
 * @example
 * const plan = planNightly({ registry, listed, watchedPrograms, nightlyBudgetUsd: 20 });
 * for (const run of plan.runs) await startRun(run.program, run.toModel, run.budgetUsd);
 */
export function planNightly(input: NightlyInput): NightlyPlan {
  checkNightlyInput(input);
  const diff = diffModels(input.registry, input.listed);
  const createdAt = new Map([...input.registry, ...input.listed].map((m) => [`${m.provider}/${m.id}`, m.createdAt]));
  const budget = { limit: micro(input.nightlyBudgetUsd), used: 0 };
  const plan = { rescores: [] as PlannedRescore[], runs: [] as PlannedRun[], skipped: [] as SkippedWork[] };
  const fits = (program: string, work: SkippedWork["work"], model: string, usd: number) => {
    if (budget.used + micro(usd) <= budget.limit) {
      budget.used += micro(usd);
      return true;
    }
    const left = (budget.limit - budget.used) / 1_000_000;
    const reason = `needs $${usd} but $${left} of the $${input.nightlyBudgetUsd} nightly budget is left`;
    plan.skipped.push({ program, work, model, reason });
    return false;
  };
  const programs = [...input.watchedPrograms].sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const program of programs) {
    const judge = program.judge;
    const reason = judge && judgeChange(judge, diff, `program ${program.name}: judge.model`);
    if (judge && reason && fits(program.name, "rescore", judge.model, judge.rescoreBudgetUsd)) {
      const { goldSetId, model: judgeModel, rescoreBudgetUsd: budgetUsd } = judge;
      plan.rescores.push({ program: program.name, goldSetId, judgeModel, reason, budgetUsd });
    }
    const newer = newerVersion(program.model, diff, {
      includePreviews: program.includePreviews,
      createdAt: createdAt.get(program.model),
      field: `program ${program.name}: model`,
    });
    // A model found on an earlier night whose run never started is still due.
    const pending = program.pendingModel !== program.model ? program.pendingModel : undefined;
    const toModel = (newer && `${newer.provider}/${newer.id}`) ?? pending;
    if (toModel && fits(program.name, "run", toModel, program.runBudgetUsd)) {
      plan.runs.push({ program: program.name, fromModel: program.model, toModel, budgetUsd: program.runBudgetUsd });
    }
  }
  return { diff, ...plan, plannedUsd: budget.used / 1_000_000 };
}

/** What a watched program's gate may cost when its `gateBudgetUsd` is not set: a quarter of a run's cap. */
export const defaultGateBudgetShare = 0.25;

/**
 * The dollar cap of one promotion gate of `program`: scoring champion and challenger on its
 * holdout.
 *
 * @example
 * gateBudgetOf({ name: "support", model: "openai/gpt-4o-mini", runBudgetUsd: 4 }); // 1
 */
export function gateBudgetOf(program: Pick<WatchedProgram, "runBudgetUsd" | "gateBudgetUsd">): number {
  return program.gateBudgetUsd ?? micro(program.runBudgetUsd * defaultGateBudgetShare) / 1_000_000;
}

function checkNightlyInput(input: NightlyInput): void {
  checkUsd("nightlyBudgetUsd", input.nightlyBudgetUsd, { allowZero: true });
  const names = new Set<string>();
  for (const [index, program] of input.watchedPrograms.entries()) {
    const where = `watchedPrograms[${index}]`;
    if (typeof program.name !== "string" || program.name.trim() === "") {
      throw new JudgeloopError("bad_nightly_input", `${where}.name must be a non-empty string`);
    }
    if (names.has(program.name)) {
      throw new JudgeloopError("bad_nightly_input", `${where}.name "${program.name}" is watched twice`);
    }
    names.add(program.name);
    splitModelString(program.model, `${where}.model`);
    checkUsd(`${where}.runBudgetUsd`, program.runBudgetUsd);
    if (program.gateBudgetUsd !== undefined) checkUsd(`${where}.gateBudgetUsd`, program.gateBudgetUsd);
    if (program.pendingModel !== undefined) splitModelString(program.pendingModel, `${where}.pendingModel`);
    if (program.judge) {
      splitModelString(program.judge.model, `${where}.judge.model`);
      checkUsd(`${where}.judge.rescoreBudgetUsd`, program.judge.rescoreBudgetUsd);
    }
  }
}

function checkUsd(field: string, value: number, options: { allowZero?: boolean } = {}): void {
  const valid = Number.isFinite(value) && (options.allowZero ? value >= 0 : value > 0);
  if (!valid) {
    const expected = options.allowZero ? "a finite number ≥ 0" : "a finite number > 0";
    throw new JudgeloopError("bad_nightly_input", `${field} must be ${expected} (dollars), got ${value}`);
  }
}
