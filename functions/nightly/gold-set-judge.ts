import { type ArtifactStore, type ExampleData, JudgeloopError, type ProgramState } from "@judgeloop/core";
import { loadExamples, loadProgramState } from "../optimizer/run-spec.ts";
import type { ProgramEntry, S3ProgramRegistry } from "../programs/s3-program-registry.ts";

/** A watched program's judge, ready to re-score its gold set: its saved state and verdict field. */
export interface GoldSetJudge {
  state: ProgramState;
  /** The boolean output the judge decides, compared with the same field of each gold example. */
  verdictField: string;
}

/**
 * Where a frozen gold set lives: a JSON array of examples `{id, values, inputs}` (the format of
 * a recipe's train and holdout sets), named by its id.
 *
 * @example
 * goldSetKey("support-gold-v1"); // "goldsets/support-gold-v1.json"
 */
export function goldSetKey(goldSetId: string): string {
  return `goldsets/${goldSetId}.json`;
}

/**
 * The frozen gold set `goldSetId`, or a `gold_set_not_found` error.
 *
 * @example
 * const gold = await loadGoldSet(artifacts, "support-gold-v1");
 */
export async function loadGoldSet(artifacts: ArtifactStore, goldSetId: string): Promise<ExampleData[]> {
  const key = goldSetKey(goldSetId);
  if (!(await artifacts.exists(key)))
    throw new JudgeloopError("gold_set_not_found", `no gold set ${goldSetId} at ${key}`);
  return loadExamples(artifacts, key);
}

/**
 * The judge a program's gold set is scored with: the judge program of its recipe's metric when
 * the metric is a judge, otherwise the program's champion itself (a judge being optimized
 * against exact labels is its own judge).
 *
 * @example
 * const judge = await goldSetJudgeOf(artifacts, programs, entry); // judge.verdictField: "satisfied"
 */
export async function goldSetJudgeOf(
  artifacts: ArtifactStore,
  programs: S3ProgramRegistry,
  entry: ProgramEntry,
): Promise<GoldSetJudge> {
  const { metric } = entry.recipe;
  if (metric.kind === "judge") {
    return {
      state: await loadProgramState(artifacts, metric.programKey),
      verdictField: metric.verdictField ?? "satisfied",
    };
  }
  if (entry.champion === null) {
    throw new JudgeloopError("no_champion", `program ${entry.name} has no champion to score its gold set with`);
  }
  return { state: await programs.programState(entry.name, entry.champion), verdictField: metric.field };
}

/**
 * The judge with every predictor bound to `model`: the re-score measures the new model, not
 * whatever the saved state was bound to.
 *
 * @example
 * const rebound = boundTo(judge.state, "openai/gpt-4o-2025-01-15");
 */
export function boundTo(state: ProgramState, model: string): ProgramState {
  const predictors = Object.fromEntries(
    Object.entries(state.predictors).map(([name, predictor]) => [name, { ...predictor, lm: model }]),
  );
  return { ...state, predictors };
}
