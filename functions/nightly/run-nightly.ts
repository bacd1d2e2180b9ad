import { type ListedModel, type NightlyPlan, planNightly } from "@judgeloop/core";
import { type ChallengeDecision, decideChallenges } from "./decide-challenges.ts";
import type { NightlyDeps } from "./nightly-deps.ts";
import { notePendingUpgrades } from "./pending-upgrades.ts";
import { type GoldSetRescore, rescoreGoldSets } from "./rescore-gold-sets.ts";
import { type ReoptimizationStarts, startReoptimizations } from "./start-reoptimizations.ts";

/** What one night did, for the log and for tests. */
export interface NightlyReport {
  decisions: ChallengeDecision[];
  /** Runs started tonight. */
  started: string[];
  /** Planned runs that could not start (no champion); like skipped ones, they stay due. */
  notStarted: ReoptimizationStarts["notStarted"];
  /** Dollars the night's promotion gates committed, at their caps, before anything was planned. */
  gateUsd: number;
  /** Tonight's gold-set re-scores (one per planned re-score): the judge's new agreement, or why not. */
  rescored: GoldSetRescore[];
  plan: Pick<NightlyPlan, "skipped" | "rescores" | "plannedUsd"> & { added: string[] };
  /** Providers whose listing failed tonight (their models count as unchanged). */
  failedProviders: { provider: string; error: string }[];
}

/**
 * One night of the model watch: (1) decide the challenger runs that ended, however long ago
 * (promote only on a significant holdout win, within each program's gate budget); (2) list each
 * configured provider's models, diff them against the registry and plan within what the gates
 * left of the nightly budget; (3) re-score the frozen gold set of each judge whose model
 * changed, so tonight's score moves can be told apart from the judge's; (4) start one
 * re-optimization per watched program whose model family gained a newer version, noting on the
 * program an upgrade that was skipped or could not start so the next night plans it again;
 * (5) register tonight's new models, last, so a night that fails before it plans the same work
 * again.
 *
 * @example
 * const report = await runNightly(deps); // report.started: ["run-…"]
 */
export async function runNightly(deps: NightlyDeps): Promise<NightlyReport> {
  const { decisions, committedUsd: gateUsd } = await decideChallenges(deps, { budgetUsd: deps.nightlyBudgetUsd });
  const failedProviders: NightlyReport["failedProviders"] = [];
  const listed: ListedModel[] = [];
  for (const provider of deps.providers) {
    try {
      listed.push(...(await deps.listModels(provider)));
    } catch (error) {
      const reason = error instanceof Error ? error.message : "listing failed";
      failedProviders.push({ provider, error: reason });
      deps.warn("could not list a provider's models; its models count as unchanged tonight", { provider, reason });
    }
  }
  const plan = planNightly({
    registry: await deps.registry.knownModels(),
    listed,
    watchedPrograms: await deps.registry.watchedPrograms(),
    nightlyBudgetUsd: Math.max(0, Math.round((deps.nightlyBudgetUsd - gateUsd) * 1_000_000) / 1_000_000),
  });
  const rescored = await rescoreGoldSets(deps, plan.rescores);
  const starts = await startReoptimizations(deps, plan.runs);
  await notePendingUpgrades(deps, dueUpgrades(plan, starts));
  await deps.registry.registerModels(plan.diff.added, deps.now().toISOString());
  return {
    decisions,
    started: starts.started.map((start) => start.runId),
    notStarted: starts.notStarted,
    gateUsd,
    rescored,
    plan: {
      skipped: plan.skipped,
      rescores: plan.rescores,
      plannedUsd: plan.plannedUsd,
      added: plan.diff.added.map((model) => `${model.provider}/${model.id}`),
    },
    failedProviders,
  };
}

/** Per program: the model of an upgrade still due after tonight, or undefined for one that started. */
function dueUpgrades(plan: NightlyPlan, starts: ReoptimizationStarts): Map<string, string | undefined> {
  const due = new Map<string, string | undefined>();
  for (const skipped of plan.skipped) if (skipped.work === "run") due.set(skipped.program, skipped.model);
  for (const notStarted of starts.notStarted) due.set(notStarted.program, notStarted.model);
  for (const started of starts.started) due.set(started.program, undefined);
  return due;
}
