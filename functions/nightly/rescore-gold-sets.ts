import { type AgreementReport, contentHash, getJson, type PlannedRescore, putJson } from "@judgeloop/core";
import { goldSetJudgeOf, loadGoldSet } from "./gold-set-judge.ts";
import type { NightlyDeps } from "./nightly-deps.ts";
import { estimateGoldSetCost, scoreGoldSet } from "./score-gold-set.ts";

/** What one planned gold-set re-score came to, for the night's report. */
export type GoldSetRescore = PlannedRescore &
  (
    | {
        status: "scored";
        /** The stored record: `nightly/<date>/rescores/<program>.json`. */
        key: string;
        n: number;
        errors: number;
        kappa: number | null;
        /** The previous re-score's judge model and kappa, when one was recorded. */
        previous: { judgeModel: string; kappa: number | null } | null;
        /** kappa minus the previous kappa: a move here is the judge's, not the system's. */
        kappaChange: number | null;
        costUsd: number | null;
      }
    | { status: "skipped" | "failed"; detail: string }
  );

/** The stored record of one re-score (the artifact, and the latest one per program). */
export interface GoldSetRescoreRecord {
  program: string;
  goldSetId: string;
  judgeModel: string;
  reason: string;
  scoredAt: string;
  errors: number;
  costUsd: number | null;
  simulated: boolean;
  agreement: AgreementReport;
  previous: { judgeModel: string; kappa: number | null; scoredAt: string } | null;
}

/** The latest re-score of a program's gold set, what the next one is compared with. */
export const latestRescoreKey = (program: string) => `nightly/rescores/${program}/latest.json`;

/**
 * Runs the night's planned gold-set re-scores: each program's judge, rebound to its new model,
 * scores the frozen gold set; the agreement is stored with the previous one beside it, and the
 * registry notes the model so the same change is not re-scored tomorrow. A re-score whose
 * estimate exceeds its planned cap is skipped, and one that fails is reported, both with the
 * reason; neither counts as scored, so the next night plans it again. Each is charged to its own
 * ledger account, named after (night, program, model), so a retried night cannot spend twice.
 *
 * @example
 * const rescored = await rescoreGoldSets(deps, plan.rescores);
 */
export async function rescoreGoldSets(
  deps: NightlyDeps,
  rescores: readonly PlannedRescore[],
): Promise<GoldSetRescore[]> {
  const outcomes: GoldSetRescore[] = [];
  for (const planned of rescores) {
    let outcome: GoldSetRescore;
    try {
      outcome = await rescoreOne(deps, planned);
    } catch (error) {
      const detail = error instanceof Error ? error.message : "re-score failed";
      deps.warn("could not re-score a gold set; it is tried again next night", { program: planned.program, detail });
      outcome = { ...planned, status: "failed", detail };
    }
    if (outcome.status !== "scored") await keepDue(deps, planned.program);
    outcomes.push(outcome);
  }
  return outcomes;
}

/**
 * A floating judge's change shows in one night's diff only; once tonight's models are
 * registered nothing would plan the re-score again, so its last scoring is forgotten instead.
 */
async function keepDue(deps: NightlyDeps, program: string): Promise<void> {
  const watched = (await deps.registry.watchedPrograms()).find((candidate) => candidate.name === program);
  if (watched?.judge?.scoredWithModel === undefined) return;
  const { scoredWithModel: _forgotten, ...judge } = watched.judge;
  await deps.registry.watchProgram({ ...watched, judge });
}

async function rescoreOne(deps: NightlyDeps, planned: PlannedRescore): Promise<GoldSetRescore> {
  const entry = await deps.programs.entry(planned.program);
  if (entry === null) return { ...planned, status: "skipped", detail: "the program is not in the program registry" };
  const judge = await goldSetJudgeOf(deps.artifacts, deps.programs, entry);
  const gold = await loadGoldSet(deps.artifacts, planned.goldSetId);
  const estimate = estimateGoldSetCost(judge, gold, planned.judgeModel);
  if (estimate === undefined || estimate > planned.budgetUsd) {
    const why = estimate === undefined ? `${planned.judgeModel} has no price` : `it may cost $${estimate.toFixed(4)}`;
    return { ...planned, status: "skipped", detail: `${why}, over its $${planned.budgetUsd} cap` };
  }
  const night = deps.now().toISOString().slice(0, 10);
  const accountId = `rescore-${contentHash({ night, program: planned.program, judgeModel: planned.judgeModel }).slice(0, 32)}`;
  const lm = (model: string) => deps.lmFor(model, { runId: accountId, budget: { capUsd: planned.budgetUsd } });
  const score = await scoreGoldSet(judge, gold, {
    model: planned.judgeModel,
    lm,
    seed: accountId,
    concurrency: deps.callConcurrency,
  });
  const previous = (await getJson(deps.artifacts, latestRescoreKey(planned.program))) as GoldSetRescoreRecord | null;
  const record: GoldSetRescoreRecord = {
    ...planned,
    scoredAt: deps.now().toISOString(),
    ...score,
    previous: previous && {
      judgeModel: previous.judgeModel,
      kappa: previous.agreement.kappa.value,
      scoredAt: previous.scoredAt,
    },
  };
  const key = `nightly/${night}/rescores/${planned.program}.json`;
  await putJson(deps.artifacts, key, record);
  await putJson(deps.artifacts, latestRescoreKey(planned.program), record);
  await deps.registry.markGoldSetScored(planned.program, planned.judgeModel);
  return summary(planned, key, record);
}

function summary(planned: PlannedRescore, key: string, record: GoldSetRescoreRecord): GoldSetRescore {
  const kappa = record.agreement.kappa.value;
  const previousKappa = record.previous?.kappa ?? null;
  return {
    ...planned,
    status: "scored",
    key,
    n: record.agreement.n,
    errors: record.errors,
    kappa,
    previous: record.previous && { judgeModel: record.previous.judgeModel, kappa: previousKappa },
    kappaChange: kappa === null || previousKappa === null ? null : kappa - previousKappa,
    costUsd: record.costUsd,
  };
}
