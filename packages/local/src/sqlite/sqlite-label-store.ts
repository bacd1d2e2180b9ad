import { randomUUID } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import {
  JudgeloopError,
  type JudgeVerdict,
  type LabelCorrection,
  type LabelSet,
  type LabelSetOrigin,
  type LabelStore,
  type SmeLabel,
} from "@judgeloop/core";
import { immediateTransaction } from "./open-sqlite.ts";

const schema = `
CREATE TABLE IF NOT EXISTS label_sets (
  id TEXT PRIMARY KEY, dataset_id TEXT NOT NULL, created_at TEXT NOT NULL, origin TEXT NOT NULL,
  parent TEXT, corrected TEXT NOT NULL) STRICT;
CREATE INDEX IF NOT EXISTS label_sets_by_dataset ON label_sets (dataset_id, created_at DESC);
CREATE TABLE IF NOT EXISTS sme_labels (
  set_id TEXT NOT NULL, conversation_id TEXT NOT NULL, annotator TEXT NOT NULL, satisfied INTEGER NOT NULL,
  critique TEXT NOT NULL, labelled_at TEXT NOT NULL, PRIMARY KEY (set_id, conversation_id, annotator)) STRICT;
CREATE TABLE IF NOT EXISTS judge_verdicts (
  set_id TEXT NOT NULL, judge TEXT NOT NULL, conversation_id TEXT NOT NULL, satisfied INTEGER NOT NULL,
  critique TEXT NOT NULL, PRIMARY KEY (set_id, judge, conversation_id)) STRICT;
`;

export interface SqliteLabelStoreOptions {
  /** The clock for creation and label times; default the system clock. */
  now?: () => Date;
  /** New set ids; default `ls-` and 12 random hex digits. */
  newId?: () => string;
}

/**
 * Label sets in SQLite, beside the runs in the data directory's database. Every write is one
 * statement or one `BEGIN IMMEDIATE` transaction, so an acknowledged label is on disk (WAL)
 * before the browser hears back, and an import or a fork is stored whole or not at all.
 *
 * @example
 * const labels = new SqliteLabelStore(openSqlite(databasePathIn(home)));
 * const set = await labels.createSet({ datasetId, origin: "ui" });
 */
export class SqliteLabelStore implements LabelStore {
  private readonly db: DatabaseSync;
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(db: DatabaseSync, options: SqliteLabelStoreOptions = {}) {
    db.exec(schema);
    this.db = db;
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? (() => `ls-${randomUUID().replace(/-/g, "").slice(0, 12)}`);
  }

  async createSet(input: { datasetId: string; origin: LabelSetOrigin }): Promise<LabelSet> {
    return this.insertSet({ ...input, parent: null, corrected: [] });
  }

  async getSet(id: string): Promise<LabelSet | null> {
    const row = this.db.prepare("SELECT * FROM label_sets WHERE id = ?").get(id);
    return row === undefined ? null : setOf(row);
  }

  async listSets(datasetId?: string): Promise<LabelSet[]> {
    const rows =
      datasetId === undefined
        ? this.db.prepare("SELECT * FROM label_sets ORDER BY created_at DESC, rowid DESC").all()
        : this.db
            .prepare("SELECT * FROM label_sets WHERE dataset_id = ? ORDER BY created_at DESC, rowid DESC")
            .all(datasetId);
    return rows.map(setOf);
  }

  async putLabel(setId: string, label: Omit<SmeLabel, "labelledAt">): Promise<SmeLabel> {
    const [stored] = await this.putLabels(setId, [label]);
    return stored as SmeLabel;
  }

  async putLabels(setId: string, labels: readonly Omit<SmeLabel, "labelledAt">[]): Promise<SmeLabel[]> {
    const labelledAt = this.now().toISOString();
    const upsert = this.db.prepare(
      `INSERT INTO sme_labels (set_id, conversation_id, annotator, satisfied, critique, labelled_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (set_id, conversation_id, annotator) DO UPDATE SET satisfied = excluded.satisfied,
       critique = excluded.critique, labelled_at = excluded.labelled_at`,
    );
    return immediateTransaction(this.db, () => {
      this.requireSet(setId);
      return labels.map((label) => {
        upsert.run(setId, label.conversation_id, label.annotator, label.satisfied ? 1 : 0, label.critique, labelledAt);
        return { ...label, labelledAt };
      });
    });
  }

  async deleteLabel(setId: string, conversationId: string, annotator: string): Promise<boolean> {
    const { changes } = this.db
      .prepare("DELETE FROM sme_labels WHERE set_id = ? AND conversation_id = ? AND annotator = ?")
      .run(setId, conversationId, annotator);
    return changes > 0;
  }

  async listLabels(setId: string): Promise<SmeLabel[]> {
    return this.db
      .prepare("SELECT * FROM sme_labels WHERE set_id = ? ORDER BY labelled_at, rowid")
      .all(setId)
      .map((row) => ({
        conversation_id: String(row.conversation_id),
        annotator: String(row.annotator),
        satisfied: row.satisfied === 1,
        critique: String(row.critique),
        labelledAt: String(row.labelled_at),
      }));
  }

  async putVerdicts(setId: string, verdicts: readonly JudgeVerdict[]): Promise<void> {
    const upsert = this.db.prepare(
      `INSERT INTO judge_verdicts (set_id, judge, conversation_id, satisfied, critique) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (set_id, judge, conversation_id) DO UPDATE SET satisfied = excluded.satisfied, critique = excluded.critique`,
    );
    immediateTransaction(this.db, () => {
      this.requireSet(setId);
      for (const v of verdicts) upsert.run(setId, v.judge, v.conversation_id, v.satisfied ? 1 : 0, v.critique);
    });
  }

  async listVerdicts(setId: string): Promise<JudgeVerdict[]> {
    return this.db
      .prepare("SELECT * FROM judge_verdicts WHERE set_id = ? ORDER BY rowid")
      .all(setId)
      .map((row) => ({
        judge: String(row.judge),
        conversation_id: String(row.conversation_id),
        satisfied: row.satisfied === 1,
        critique: String(row.critique),
      }));
  }

  async forkSet(parentId: string, annotator: string, corrections: readonly LabelCorrection[]): Promise<LabelSet> {
    const labelledAt = this.now().toISOString();
    return immediateTransaction(this.db, () => {
      const parent = this.requireSet(parentId);
      const child = this.insertSetNow({
        datasetId: parent.datasetId,
        origin: "review",
        parent: parentId,
        corrected: corrections.map((c) => c.conversation_id),
      });
      this.db
        .prepare(
          `INSERT INTO sme_labels SELECT ?, conversation_id, annotator, satisfied, critique, labelled_at
           FROM sme_labels WHERE set_id = ?`,
        )
        .run(child.id, parentId);
      this.db
        .prepare(
          "INSERT INTO judge_verdicts SELECT ?, judge, conversation_id, satisfied, critique FROM judge_verdicts WHERE set_id = ?",
        )
        .run(child.id, parentId);
      const upsert = this.db.prepare(
        `INSERT INTO sme_labels (set_id, conversation_id, annotator, satisfied, critique, labelled_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (set_id, conversation_id, annotator) DO UPDATE SET satisfied = excluded.satisfied,
         critique = excluded.critique, labelled_at = excluded.labelled_at`,
      );
      for (const c of corrections)
        upsert.run(child.id, c.conversation_id, annotator, c.satisfied ? 1 : 0, c.critique, labelledAt);
      return child;
    });
  }

  private insertSet(input: Omit<LabelSet, "id" | "createdAt">): LabelSet {
    return immediateTransaction(this.db, () => this.insertSetNow(input));
  }

  private insertSetNow(input: Omit<LabelSet, "id" | "createdAt">): LabelSet {
    const set: LabelSet = { id: this.newId(), createdAt: this.now().toISOString(), ...input };
    this.db
      .prepare(
        "INSERT INTO label_sets (id, dataset_id, created_at, origin, parent, corrected) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(set.id, set.datasetId, set.createdAt, set.origin, set.parent, JSON.stringify(set.corrected));
    return set;
  }

  private requireSet(id: string): LabelSet {
    const row = this.db.prepare("SELECT * FROM label_sets WHERE id = ?").get(id);
    if (row === undefined) throw new JudgeloopError("label_set_not_found", `no label set ${id}`);
    return setOf(row);
  }
}

function setOf(row: Record<string, unknown>): LabelSet {
  return {
    id: String(row.id),
    datasetId: String(row.dataset_id),
    createdAt: String(row.created_at),
    origin: String(row.origin) as LabelSetOrigin,
    parent: row.parent === null ? null : String(row.parent),
    corrected: JSON.parse(String(row.corrected)) as string[],
  };
}
