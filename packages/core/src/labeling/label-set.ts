import type { Label } from "../data/labels.ts";

/** Why a label set exists: labelled in the browser, or forked from another by a disagreement review. */
export type LabelSetOrigin = "ui" | "review";

/**
 * A versioned set of SME labels for one dataset. Labels are added to a set as they are given;
 * a review that corrects labels never edits its set but forks a child (`parent`, `corrected`),
 * so every judge evaluation can name the exact labels it was measured against.
 */
export interface LabelSet {
  id: string;
  datasetId: string;
  createdAt: string;
  origin: LabelSetOrigin;
  /** The set this one was forked from; null for a first set. */
  parent: string | null;
  /** Conversation ids whose label the fork changed, relative to `parent`. */
  corrected: string[];
}

/** One annotator's label on one conversation, as stored. */
export interface SmeLabel extends Label {
  annotator: string;
  /** ISO-8601 time the label was (last) given. */
  labelledAt: string;
}

/** A judge's verdict on one conversation, kept beside the labels to order the queue and review disagreements. */
export interface JudgeVerdict {
  /** The judge's name, e.g. its `provider/model`. */
  judge: string;
  conversation_id: string;
  satisfied: boolean;
  /** The judge's critique or reasoning; empty when it gave none. */
  critique: string;
}

/** A correction a review makes: the SME's new label for a conversation. */
export type LabelCorrection = Label;

/**
 * Where label sets live: SQLite in the embedded runtime (`SqliteLabelStore`). Every write is one
 * transaction, so a label once acknowledged survives a crash or a closed browser tab.
 *
 * @example
 * const set = await store.createSet({ datasetId, origin: "ui" });
 * await store.putLabel(set.id, { conversation_id: "c1", annotator: "ana", satisfied: false, critique: "rude" });
 */
export interface LabelStore {
  createSet(input: { datasetId: string; origin: LabelSetOrigin }): Promise<LabelSet>;
  getSet(id: string): Promise<LabelSet | null>;
  /** Newest first; only the dataset's when `datasetId` is given. */
  listSets(datasetId?: string): Promise<LabelSet[]>;
  /** Adds or replaces the annotator's label on the conversation. */
  putLabel(setId: string, label: Omit<SmeLabel, "labelledAt">): Promise<SmeLabel>;
  /** Adds or replaces many labels in one transaction: all or none. */
  putLabels(setId: string, labels: readonly Omit<SmeLabel, "labelledAt">[]): Promise<SmeLabel[]>;
  /** Removes the annotator's label (undo); false when there was none. */
  deleteLabel(setId: string, conversationId: string, annotator: string): Promise<boolean>;
  listLabels(setId: string): Promise<SmeLabel[]>;
  /** Adds or replaces a judge's verdicts, in one transaction. */
  putVerdicts(setId: string, verdicts: readonly JudgeVerdict[]): Promise<void>;
  listVerdicts(setId: string): Promise<JudgeVerdict[]>;
  /**
   * A new set forked from `parentId`: its labels and verdicts copied, `corrections` applied as
   * `annotator`'s labels, lineage recorded; one transaction.
   */
  forkSet(parentId: string, annotator: string, corrections: readonly LabelCorrection[]): Promise<LabelSet>;
}
