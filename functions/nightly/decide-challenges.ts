import {
  contentHash,
  decidePromotion,
  type EvaluateResult,
  evaluate,
  exampleFromData,
  gateBudgetOf,
  keptWithoutComparison,
  type PassRecord,
  type PromotionDecision,
  type RunRecord,
  type WatchedProgram,
} from "@judgeloop/core";
import { metricOf } from "../optimizer/job-context.ts";
import { loadExamples, loadProgramState, type OptimizeSpec, optimizeSpecSchema } from "../optimizer/run-spec.ts";
import { savedProgram } from "../optimizer/saved-program.ts";
import type { ProgramEntry } from "../programs/s3-program-registry.ts";
import { endedChallengers } from "./ended-challengers.ts";
import type { NightlyDeps } from "./nightly-deps.ts";

/**
 * What the night did about one ended challenger run: `decided` (recorded; a promotion when it
 * won), `incomplete` (some holdout examples could not be scored for both programs, so nothing
 * was decided; tried again next night), or `deferred` (its gate did not fit tonight's budget).
 */
export type ChallengeDecision = { program: string; runId: string } & (
  | GateOutcome
  | { status: "deferred"; reason: string }
);

/** What the promotion gate came to for one succeeded challenger. */
type GateOutcome =
  | { status: "decided"; promote: boolean; reason: string }
  | {
      status: "incomplete";
      reason: string;
      /** Holdout examples, and how many were scored for each program. */
      holdout: number;
      championScored: number;
      challengerScored: number;
      /** Calls the gate's budget refused. */
      refused: number;
    };

/** The night's decisions, and the gate caps they committed (counted against the nightly budget). */
export interface ChallengeDecisions {
  decisions: ChallengeDecision[];
  committedUsd: number;
}

type Challenge = NonNullable<OptimizeSpec["challenge"]>;

interface ChallengeCase {
  run: RunRecord;
  spec: OptimizeSpec;
  challenge: Challenge;
  entry: ProgramEntry;
  watched: WatchedProgram;
}

// Dollars are summed in micro-dollars so that 0.1 + 0.2 never exceeds a 0.3 budget.
const micro = (usd: number) => Math.round(usd * 1_000_000);

/**
 * Decides every ended, undecided challenger run of the watched programs, however old (the run
 * history is paged through, not cut at its newest runs). A run that did not succeed (stopped at
 * its budget, failed, cancelled) keeps the champion, with the reason recorded. A succeeded one
 * goes through the promotion gate: champion and challenger are scored on the program's holdout
 * within the program's gate budget, charged to an account of the gate's own (never to the run's
 * spent cap), and McNemar's exact test decides (promote only on a significant win). A gate
 * with any example unscored is reported incomplete, not decided on fewer examples. Gate caps
 * are committed against `budgetUsd` in run order; one that does not fit is deferred.
 *
 * @example
 * const { decisions, committedUsd } = await decideChallenges(deps, { budgetUsd: 10 });
 */
export async function decideChallenges(deps: NightlyDeps, options: { budgetUsd: number }): Promise<ChallengeDecisions> {
  const watched = new Map((await deps.registry.watchedPrograms()).map((program) => [program.name, program]));
  const decided = new Map<string, Set<string>>();
  for (const name of watched.keys()) {
    decided.set(name, new Set((await deps.registry.listDecisions(name)).map((record) => record.runId)));
  }
  const budget = { limit: micro(options.budgetUsd), used: 0 };
  const decisions: ChallengeDecision[] = [];
  for await (const run of endedChallengers(deps.runStore)) {
    const spec = optimizeSpecSchema.safeParse(run.input);
    const challenge = spec.success ? spec.data.challenge : undefined;
    const program = challenge && watched.get(challenge.program);
    if (!spec.success || !challenge || !program || decided.get(program.name)?.has(run.id)) continue;
    const entry = await deps.programs.entry(program.name);
    if (entry === null) continue;
    const c: ChallengeCase = { run, spec: spec.data, challenge, entry, watched: program };
    const base = { program: program.name, runId: run.id };
    if (run.status !== "succeeded") {
      const decision = await record(deps, c, keptWithoutComparison(endedReason(run), alphaOf(entry)), null);
      decisions.push({ ...base, status: "decided", promote: false, reason: decision.reason });
      continue;
    }
    const gateUsd = gateBudgetOf(program);
    if (budget.used + micro(gateUsd) > budget.limit) {
      const left = (budget.limit - budget.used) / 1_000_000;
      const reason = `its gate needs $${gateUsd} but $${left} of the nightly budget is left; decided on a later night`;
      decisions.push({ ...base, status: "deferred", reason });
      continue;
    }
    budget.used += micro(gateUsd);
    decisions.push({ ...base, ...(await gate(deps, c, gateUsd)) });
  }
  return { decisions, committedUsd: budget.used / 1_000_000 };
}

function endedReason(run: RunRecord): string {
  const why: Record<string, string> = {
    stopped: "stopped at its budget before it finished",
    failed: "failed",
    cancelled: "was cancelled",
  };
  const code = run.errors.at(-1)?.code;
  return `kept the champion: the challenger run ${why[run.status] ?? run.status}${code ? ` (${code})` : ""}`;
}

const alphaOf = (entry: ProgramEntry) => entry.recipe.alpha ?? 0.05;

/** Scores champion and challenger on the holdout within `gateUsd`, then decides, or reports the gate incomplete. */
async function gate(deps: NightlyDeps, c: ChallengeCase, gateUsd: number): Promise<GateOutcome> {
  const { run, spec, challenge, entry } = c;
  // One account per (night, run): a retried night cannot spend twice, the next night may try again.
  const night = deps.now().toISOString().slice(0, 10);
  const accountId = `gate-${contentHash({ night, runId: run.id }).slice(0, 32)}`;
  const lm = (model: string) => deps.lmFor(model, { runId: accountId, budget: { capUsd: gateUsd } });
  const holdout = (await loadExamples(deps.artifacts, entry.recipe.holdoutKey)).map(exampleFromData);
  const metric = await metricOf(deps.artifacts, entry.recipe.metric, lm);
  const championState = await deps.programs.programState(entry.name, challenge.championVersion);
  const challengerKey = (run.result as { programKey?: string } | undefined)?.programKey ?? spec.programKey;
  const challengerState = await loadProgramState(deps.artifacts, challengerKey);
  const scored = (state: typeof championState, model: string) =>
    evaluate(savedProgram(state, lm), holdout, metric, {
      lm: lm(model),
      resolveLM: lm,
      concurrency: deps.callConcurrency,
    });
  const champion = await scored(championState, challenge.fromModel);
  const challenger = await scored(challengerState, spec.models.task);
  const [championPasses, challengerPasses] = [passes(champion), passes(challenger)];
  if (championPasses.length < holdout.length || challengerPasses.length < holdout.length) {
    const refused = [...champion.records, ...challenger.records].filter(
      (r) => r.errorKind === "budget_exceeded",
    ).length;
    const reason =
      `not decided: the comparison is incomplete (champion scored ${championPasses.length}/${holdout.length}, ` +
      `challenger ${challengerPasses.length}/${holdout.length} holdout examples; ${refused} calls refused by the ` +
      `$${gateUsd} gate budget); tried again next night`;
    deps.warn("a challenger's holdout comparison is incomplete; it is not decided tonight", {
      program: entry.name,
      runId: run.id,
      refused,
    });
    return {
      status: "incomplete",
      reason,
      holdout: holdout.length,
      championScored: championPasses.length,
      challengerScored: challengerPasses.length,
      refused,
    };
  }
  const decision = decidePromotion(championPasses, challengerPasses, { alpha: alphaOf(entry), seed: run.id });
  await record(deps, c, decision, decision.promote ? { state: challengerState, score: challenger.score } : null);
  return { status: "decided", promote: decision.promote, reason: decision.reason };
}

/** Records the decision; a promoted challenger becomes the champion and the model the program is watched on. */
async function record(
  deps: NightlyDeps,
  c: ChallengeCase,
  decision: PromotionDecision,
  promoted: { state: Awaited<ReturnType<typeof loadProgramState>>; score: number | null } | null,
): Promise<PromotionDecision> {
  const decidedAt = deps.now().toISOString();
  await deps.registry.recordDecision({
    program: c.entry.name,
    championModel: c.challenge.fromModel,
    challengerModel: c.spec.models.task,
    runId: c.run.id,
    decision,
    decidedAt,
  });
  if (promoted) {
    const added = { state: promoted.state, createdAt: decidedAt, runId: c.run.id, score: promoted.score };
    await deps.programs.promote(c.entry.name, await deps.programs.addVersion(c.entry.name, added));
    // The upgrade it was pending on (if any) has arrived.
    const { pendingModel: _arrived, ...watched } = c.watched;
    await deps.registry.watchProgram({ ...watched, model: c.spec.models.task });
  }
  return decision;
}

/** Pass/fail per holdout example that was scored; the gate decides only when every example was. */
function passes(result: EvaluateResult): PassRecord[] {
  return result.records.flatMap((record, index) =>
    record.status === "scored" && record.score !== null
      ? [{ id: record.exampleId ?? `#${index}`, pass: record.score >= 0.5 }]
      : [],
  );
}
