import {
  type ArtifactStore,
  DatasetError,
  type DatasetVersion,
  JudgeloopError,
  type JudgeVerdict,
  type LabelCorrection,
  type LabelFileFormat,
  type LabelQueue,
  type LabelSet,
  type LabelStore,
  labelFileText,
  labelQueue,
  loadDatasetVersion,
  loadSmeLabels,
  parseSource,
  replyToJudge,
  resolveDatasetId,
  type SmeLabel,
  smeAgreement,
} from "@judgeloop/core";
import { ApiError } from "./api-error.ts";

/** One conversation to label: the context and, apart, the reply under judgement. */
export interface LabelItem {
  conversation_id: string;
  context: string;
  reply: string;
}

/** Row fields that hold the full transcript (conversation + reply), in the order they are tried. */
export const transcriptFields = ["output_transcript", "transcript", "conversation"] as const;

/**
 * The label-set use cases behind /v1/labels and the labeling pages: every input is checked
 * against the set's dataset before anything is written (an unknown conversation is a 404, a
 * label file of another dataset a 400), and every write is one label-store transaction.
 *
 * @example
 * const service = new LabelService(artifacts, labelStore);
 * await service.putLabel(setId, "c1", { annotator: "ana", satisfied: true, critique: "" });
 */
export class LabelService {
  private readonly datasets = new Map<string, Promise<DatasetVersion>>();

  constructor(
    private readonly artifacts: ArtifactStore,
    private readonly store: LabelStore,
  ) {}

  async createSet(datasetReference: string): Promise<LabelSet> {
    const datasetId = await resolveDatasetId(this.artifacts, datasetReference);
    await this.items(datasetId);
    return this.store.createSet({ datasetId, origin: "ui" });
  }

  async listSets(datasetReference?: string): Promise<LabelSet[]> {
    if (datasetReference === undefined) return this.store.listSets();
    return this.store.listSets(await resolveDatasetId(this.artifacts, datasetReference));
  }

  async detail(setId: string) {
    const labelSet = await this.requireSet(setId);
    const [items, labels, verdicts] = await Promise.all([
      this.items(labelSet.datasetId),
      this.store.listLabels(setId),
      this.store.listVerdicts(setId),
    ]);
    return { labelSet, items, labels, judges: judgesOf(verdicts) };
  }

  async putLabel(
    setId: string,
    conversationId: string,
    label: { annotator: string; satisfied: boolean; critique: string },
  ) {
    const labelSet = await this.requireSet(setId);
    await this.requireItem(labelSet, conversationId);
    return this.store.putLabel(setId, { conversation_id: conversationId, ...label });
  }

  async deleteLabel(setId: string, conversationId: string, annotator: string): Promise<boolean> {
    const labelSet = await this.requireSet(setId);
    await this.requireItem(labelSet, conversationId);
    return this.store.deleteLabel(setId, conversationId, annotator);
  }

  /** Imports a label file as one annotator's labels: all of it, or (any problem) nothing. */
  async importFile(setId: string, input: { annotator: string; format: LabelFileFormat; text: string }) {
    const labelSet = await this.requireSet(setId);
    const ids = (await this.items(labelSet.datasetId)).map((item) => item.conversation_id);
    const labels = parseLabelFile(input, ids, labelSet.datasetId);
    const stored = await this.store.putLabels(
      setId,
      labels.map((label) => ({ ...label, annotator: input.annotator })),
    );
    return { imported: stored.length };
  }

  async exportFile(setId: string, format: LabelFileFormat, annotator?: string): Promise<string> {
    await this.requireSet(setId);
    const labels = await this.store.listLabels(setId);
    try {
      return labelFileText(labels, format, annotator);
    } catch (error) {
      if (error instanceof JudgeloopError) throw new ApiError(400, "bad_annotator", error.message, "annotator");
      throw error;
    }
  }

  async putVerdicts(setId: string, judge: string, verdicts: readonly Omit<JudgeVerdict, "judge">[]) {
    const labelSet = await this.requireSet(setId);
    const known = new Set((await this.items(labelSet.datasetId)).map((item) => item.conversation_id));
    const unknown = verdicts.findIndex((v) => !known.has(v.conversation_id));
    if (unknown >= 0) {
      const id = verdicts[unknown]?.conversation_id;
      throw new ApiError(
        400,
        "bad_verdicts",
        `conversation ${JSON.stringify(id)} is not in dataset ${labelSet.datasetId}`,
        `verdicts[${unknown}].conversation_id`,
      );
    }
    await this.store.putVerdicts(
      setId,
      verdicts.map((v) => ({ ...v, judge })),
    );
    return { judge, stored: verdicts.length };
  }

  async queue(
    setId: string,
    annotator?: string,
    threshold?: number,
  ): Promise<LabelQueue & { total: number; labelled: number; ordering: "active" | "dataset" }> {
    const labelSet = await this.requireSet(setId);
    const [items, labels, verdicts] = await Promise.all([
      this.items(labelSet.datasetId),
      this.store.listLabels(setId),
      this.store.listVerdicts(setId),
    ]);
    const byJudge = verdictMaps(verdicts);
    const own = labelMap(labels, annotator);
    const queue = labelQueue({
      itemIds: items.map((item) => item.conversation_id),
      labels: own,
      verdicts: byJudge,
      seed: setId,
      ...(threshold !== undefined && { threshold }),
    });
    const ordering = byJudge.size === 0 ? "dataset" : "active";
    return { ...queue, total: items.length, labelled: own.size, ordering };
  }

  async agreement(setId: string) {
    await this.requireSet(setId);
    return { pairs: smeAgreement(await this.store.listLabels(setId), { seed: setId }) };
  }

  /** Where the gate judge (or `judge`) and the annotator disagree, with the judge's critique. */
  async disagreements(setId: string, annotator: string, judge?: string) {
    const labelSet = await this.requireSet(setId);
    const [items, labels, verdicts] = await Promise.all([
      this.items(labelSet.datasetId),
      this.store.listLabels(setId),
      this.store.listVerdicts(setId),
    ]);
    const chosen = judge ?? judgesOf(verdicts)[0] ?? null;
    const own = new Map(labels.filter((l) => l.annotator === annotator).map((l) => [l.conversation_id, l]));
    const theirs = new Map(verdicts.filter((v) => v.judge === chosen).map((v) => [v.conversation_id, v]));
    let compared = 0;
    const listed = items.flatMap((item) => {
      const sme = own.get(item.conversation_id);
      const verdict = theirs.get(item.conversation_id);
      if (sme === undefined || verdict === undefined) return [];
      compared++;
      if (sme.satisfied === verdict.satisfied) return [];
      return [
        {
          ...item,
          sme: { satisfied: sme.satisfied, critique: sme.critique },
          judge: { satisfied: verdict.satisfied, critique: verdict.critique },
        },
      ];
    });
    return { judge: chosen, annotator, compared, items: listed };
  }

  /** A review's corrections as a new label set whose parent is `setId`. */
  async correct(setId: string, annotator: string, corrections: readonly LabelCorrection[]): Promise<LabelSet> {
    const labelSet = await this.requireSet(setId);
    for (const [index, correction] of corrections.entries()) {
      await this.requireItem(labelSet, correction.conversation_id, `corrections[${index}].conversation_id`);
    }
    return this.store.forkSet(setId, annotator, corrections);
  }

  /** The dataset's conversations as label items; a row without a transcript cannot be labelled. */
  async items(datasetId: string): Promise<LabelItem[]> {
    const version = await this.dataset(datasetId);
    const field = transcriptFields.find((name) => version.rows.every((row) => typeof row[name] === "string"));
    if (field === undefined) {
      throw new ApiError(
        400,
        "bad_dataset",
        `dataset ${datasetId} has no transcript field (${transcriptFields.join(", ")}) on every row`,
        "dataset",
      );
    }
    return version.rows.map((row) => ({
      conversation_id: String(row.conversation_id),
      ...replyToJudge(String(row[field])),
    }));
  }

  private dataset(datasetId: string): Promise<DatasetVersion> {
    let loading = this.datasets.get(datasetId);
    if (loading === undefined) {
      loading = loadDatasetVersion(this.artifacts, datasetId);
      // A failed load is not remembered: the dataset may be stored later.
      loading.catch(() => this.datasets.delete(datasetId));
      this.datasets.set(datasetId, loading);
    }
    return loading;
  }

  private async requireSet(setId: string): Promise<LabelSet> {
    const labelSet = await this.store.getSet(setId);
    if (labelSet === null) throw new ApiError(404, "label_set_not_found", `no label set ${setId}`);
    return labelSet;
  }

  private async requireItem(labelSet: LabelSet, conversationId: string, field = "conversationId"): Promise<void> {
    const items = await this.items(labelSet.datasetId);
    if (!items.some((item) => item.conversation_id === conversationId)) {
      const message = `conversation ${JSON.stringify(conversationId)} is not in dataset ${labelSet.datasetId}`;
      if (field === "conversationId") throw new ApiError(404, "conversation_not_found", message, field);
      throw new ApiError(400, "bad_corrections", message, field);
    }
  }
}

/** Judge names in the order their first verdict was stored: the first is the gate's judge. */
function judgesOf(verdicts: readonly JudgeVerdict[]): string[] {
  return [...new Set(verdicts.map((v) => v.judge))];
}

function verdictMaps(verdicts: readonly JudgeVerdict[]): Map<string, Map<string, boolean>> {
  const byJudge = new Map<string, Map<string, boolean>>();
  for (const v of verdicts) {
    const own = byJudge.get(v.judge) ?? new Map<string, boolean>();
    own.set(v.conversation_id, v.satisfied);
    byJudge.set(v.judge, own);
  }
  return byJudge;
}

/** The annotator's labels; without one, each conversation's first label (earliest annotator). */
function labelMap(labels: readonly SmeLabel[], annotator?: string): Map<string, boolean> {
  const map = new Map<string, boolean>();
  for (const label of labels) {
    if (annotator !== undefined && label.annotator !== annotator) continue;
    if (!map.has(label.conversation_id)) map.set(label.conversation_id, label.satisfied);
  }
  return map;
}

/**
 * Parses a label file against the dataset's ids. A file none of whose ids are in the dataset is
 * named as belonging to another dataset; any other problem lists its line and field.
 */
function parseLabelFile(
  input: { format: LabelFileFormat; text: string },
  ids: readonly string[],
  datasetId: string,
): ReturnType<typeof loadSmeLabels> {
  const source = { format: input.format, file: `label file (${input.format})`, text: input.text };
  const known = new Set(ids);
  const fileIds = parseSource(source).rows.map((row) => row.values.conversation_id);
  if (fileIds.length > 0 && fileIds.every((id) => !known.has(String(id)))) {
    const message = `the label file belongs to another dataset: none of its ${fileIds.length} ids are in dataset ${datasetId}; nothing stored`;
    throw new ApiError(400, "bad_label_file", message, "text");
  }
  try {
    return loadSmeLabels(source, ids);
  } catch (error) {
    if (!(error instanceof DatasetError)) throw error;
    const message = error.message.replace(/the judge set/g, `dataset ${datasetId.slice(0, 12)}`);
    throw new ApiError(400, "bad_label_file", message, "text");
  }
}
