import {
  decidePromotion,
  type EvaluateResult,
  evaluate,
  exampleFromData,
  type PassRecord,
  type PromotionDecision,
  type RunRecord,
  type WatchedProgram,
} from "@judgeloop/core";
import { metricOf } from "../optimizer/job-context.ts";
import { loadExamples, loadProgramState, type OptimizeSpec, optimizeSpecSchema } from "../optimizer/run-spec.ts";
import { savedProgram } from "../optimizer/saved-program.ts";
import type { ProgramEntry } from "../programs/s3-program-registry.ts";
import type { NightlyDeps } from "./nightly-deps.ts";

/** A decision the night made about one finished challenger run. */
export interface ChallengeDecision {
  program: string;
  runId: string;
  promote: boolean;
  reason: string;
}

type Challenge = NonNullable<OptimizeSpec["challenge"]>;

/**
 * Decides every finished, undecided challenger run of the watched programs: champion and
 * challenger are evaluated on the program's holdout, McNemar's exact test decides (promote
 * only on a significant win), the decision is recorded, and a winner becomes the champion and
 * the model the program is watched on.
 *
 * @example
 * const decisions = await decideChallenges(deps);
 */
export async function decideChallenges(deps: NightlyDeps): Promise<ChallengeDecision[]> {
  const finished = await deps.runStore.listRuns({ status: "succeeded", limit: 100 });
  const decisions: ChallengeDecision[] = [];
  for (const watched of await deps.registry.watchedPrograms()) {
    const decided = new Set((await deps.registry.listDecisions(watched.name)).map((record) => record.runId));
    const entry = await deps.programs.entry(watched.name);
    for (const run of finished) {
      const spec = optimizeSpecSchema.safeParse(run.input);
      const challenge = spec.success ? spec.data.challenge : undefined;
      if (!spec.success || challenge?.program !== watched.name || decided.has(run.id) || entry === null) continue;
      const decision = await decideOne(deps, { run, spec: spec.data, challenge, entry, watched });
      decisions.push({ program: watched.name, runId: run.id, promote: decision.promote, reason: decision.reason });
    }
  }
  return decisions;
}

interface ChallengeCase {
  run: RunRecord;
  spec: OptimizeSpec;
  challenge: Challenge;
  entry: ProgramEntry;
  watched: WatchedProgram;
}

async function decideOne(deps: NightlyDeps, c: ChallengeCase): Promise<PromotionDecision> {
  const { run, spec, challenge, entry } = c;
  const lm = (model: string) => deps.lmFor(model, { runId: run.id, ...(spec.budget && { budget: spec.budget }) });
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
  const decision = decidePromotion(passes(champion), passes(challenger), {
    alpha: entry.recipe.alpha ?? 0.05,
    seed: run.id,
  });
  const decidedAt = deps.now().toISOString();
  await deps.registry.recordDecision({
    program: entry.name,
    championModel: challenge.fromModel,
    challengerModel: spec.models.task,
    runId: run.id,
    decision,
    decidedAt,
  });
  if (decision.promote) {
    const added = { state: challengerState, createdAt: decidedAt, runId: run.id, score: challenger.score };
    await deps.programs.promote(entry.name, await deps.programs.addVersion(entry.name, added));
    await deps.registry.watchProgram({ ...c.watched, model: spec.models.task });
  }
  return decision;
}

/** Pass/fail per holdout example that was scored (errors are left out, never counted as fails). */
function passes(result: EvaluateResult): PassRecord[] {
  return result.records.flatMap((record, index) =>
    record.status === "scored" && record.score !== null
      ? [{ id: record.exampleId ?? `#${index}`, pass: record.score >= 0.5 }]
      : [],
  );
}
