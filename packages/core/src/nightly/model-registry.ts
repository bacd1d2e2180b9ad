import type { PromotionDecision } from "./promotion.ts";

/** One model as a provider's list endpoint reports it. */
export interface ListedModel {
  /** `openai`, `anthropic` or `gemini`. */
  readonly provider: string;
  /** The id to call it by, without provider prefix (Gemini's `models/` prefix removed). */
  readonly id: string;
  /** ISO 8601, when the provider says (OpenAI `created`, Anthropic `created_at`; Gemini never). */
  readonly createdAt?: string;
  readonly displayName?: string;
}

/** A model the registry has seen, with when the nightly job first saw it. */
export interface RegisteredModel extends ListedModel {
  /** ISO 8601. */
  readonly firstSeenAt: string;
}

/** The gold set a program's judge is checked against, frozen once labelled. */
export interface WatchedJudge {
  /** `provider/model` the judge calls. */
  readonly model: string;
  /** The frozen gold set's dataset id. */
  readonly goldSetId: string;
  /** The judge model the gold set was last scored with; absent = never scored. */
  readonly scoredWithModel?: string;
  /** Dollar cap of one re-score of the gold set. */
  readonly rescoreBudgetUsd: number;
}

/** A saved program the nightly job re-optimizes when its model family gains a version. */
export interface WatchedProgram {
  /** The program's name (its versions live under it). */
  readonly name: string;
  /** `provider/model` the champion runs on. */
  readonly model: string;
  /** Dollar cap of one re-optimization run. */
  readonly runBudgetUsd: number;
  /**
   * Dollar cap of scoring a finished challenger and the champion on the holdout (the promotion
   * gate), charged to an account of its own, not to the run's spent cap. Default: a quarter of
   * `runBudgetUsd` (`gateBudgetOf`).
   */
  readonly gateBudgetUsd?: number;
  /**
   * A newer model the program is due to move to but whose re-optimization has not started yet
   * (it did not fit the nightly budget, or the program had no champion). Planned again every
   * night until a run starts, because once registered the model is no longer news in the diff.
   */
  readonly pendingModel?: string;
  /** Also move to `-preview`/`-exp` versions when the champion is not on one; default false. */
  readonly includePreviews?: boolean;
  readonly judge?: WatchedJudge;
}

/** A promote/keep decision as stored, so a later reader sees why a champion changed or not. */
export interface PromotionRecord {
  readonly program: string;
  readonly championModel: string;
  readonly challengerModel: string;
  /** The re-optimization run that produced the challenger. */
  readonly runId: string;
  readonly decision: PromotionDecision;
  /** ISO 8601. */
  readonly decidedAt: string;
}

/**
 * Where the nightly job keeps what it knows between nights: the models seen so far, the
 * programs it watches, and the promotion decisions it made. The DynamoDB adapter lives in
 * packages/aws; `MemoryModelRegistry` serves tests and local runs.
 *
 * @example
 * const known = await registry.knownModels();
 * await registry.registerModels(plan.diff.added, now);
 */
export interface ModelRegistry {
  /** Every model registered so far, any provider, in no particular order. */
  knownModels(): Promise<RegisteredModel[]>;
  /**
   * Adds models not yet registered; a model already known keeps its `firstSeenAt`, so a
   * retried night registers nothing twice.
   */
  registerModels(models: readonly ListedModel[], seenAt: string): Promise<void>;
  watchedPrograms(): Promise<WatchedProgram[]>;
  /**
   * Notes that `program`'s gold set was re-scored with `judgeModel` (its `judge.scoredWithModel`
   * becomes `judgeModel`), so the same change does not plan another re-score tomorrow.
   */
  markGoldSetScored(program: string, judgeModel: string): Promise<void>;
  /**
   * Stores a decision, one per (program, runId): recording the same run again keeps the
   * first, so a retried night cannot flip a decision.
   */
  recordDecision(record: PromotionRecord): Promise<void>;
  /** A program's decisions, oldest first. */
  listDecisions(program: string): Promise<PromotionRecord[]>;
}
