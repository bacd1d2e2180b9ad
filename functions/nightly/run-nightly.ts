import { type ListedModel, type NightlyPlan, planNightly } from "@judgeloop/core";
import { type ChallengeDecision, decideChallenges } from "./decide-challenges.ts";
import type { NightlyDeps } from "./nightly-deps.ts";
import { type GoldSetRescore, rescoreGoldSets } from "./rescore-gold-sets.ts";
import { startReoptimizations } from "./start-reoptimizations.ts";

/** What one night did, for the log and for tests. */
export interface NightlyReport {
  decisions: ChallengeDecision[];
  /** Runs started tonight. */
  started: string[];
  /** Tonight's gold-set re-scores (one per planned re-score): the judge's new agreement, or why not. */
  rescored: GoldSetRescore[];
  plan: Pick<NightlyPlan, "skipped" | "rescores" | "plannedUsd"> & { added: string[] };
  /** Providers whose listing failed tonight (their models count as unchanged). */
  failedProviders: { provider: string; error: string }[];
}

/**
 * One night of the model watch: (1) decide the challenger runs that finished since the last
 * night (promote only on a significant holdout win); (2) list each configured provider's
 * models, diff them against the registry and plan within the nightly budget; (3) re-score the
 * frozen gold set of each judge whose model changed, so tonight's score moves can be told
 * apart from the judge's; (4) start one re-optimization per watched program whose model
 * family gained a newer version; (5) register tonight's new models, last, so a night that
 * fails before it plans the same work again.
 *
 * @example
 * const report = await runNightly(deps); // report.started: ["run-…"]
 */
export async function runNightly(deps: NightlyDeps): Promise<NightlyReport> {
  const decisions = await decideChallenges(deps);
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
    nightlyBudgetUsd: deps.nightlyBudgetUsd,
  });
  const rescored = await rescoreGoldSets(deps, plan.rescores);
  const started = await startReoptimizations(deps, plan.runs);
  await deps.registry.registerModels(plan.diff.added, deps.now().toISOString());
  return {
    decisions,
    started,
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
