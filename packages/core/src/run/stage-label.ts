import { saveDatasetVersion } from "../data/dataset-store.ts";
import { goldJudgeExamples, goldJudgeTemperature, goldLabelsOf } from "../data/gold-judge.ts";
import { type Label, type LabelProvenance, labelledVersion, labelStats } from "../data/labels.ts";
import type { Row } from "../data/parsed-rows.ts";
import { JudgeloopError } from "../errors.ts";
import { smeAgreement } from "../labeling/sme-agreement.ts";
import { RunStopped, requireOutput, type StageContext } from "./stage-context.ts";
import { datasetData, datasetVersion, rowId } from "./stage-data.ts";
import { transcriptColumn } from "./stage-generate.ts";
import type { LabelOutput } from "./stage-outputs.ts";
import { runStagePass } from "./stage-pass.ts";
import type { SmeAgreementData } from "./summary-types.ts";

/**
 * Stage `label`: gold labels for the generated transcripts, from the gold model (with the
 * rubric) or from the SME file; prints the class balance.
 *
 * @example
 * const { stats } = await labelStage(ctx); // stats.satisfiedRate
 */
export async function labelStage(ctx: StageContext): Promise<LabelOutput> {
  const generated = requireOutput(ctx, "generate").dataset;
  const parent = await datasetVersion(ctx, generated);
  const rows = parent.rows;
  const source = ctx.input.config.labels.source;
  const loaded: { labels: Label[]; provenance: LabelProvenance; annotated?: Label[] } =
    source === "sme" ? await ctx.services.loadSmeLabels(ctx.input, rows.map(rowId)) : await goldRun(ctx, rows);
  const { labels, provenance, annotated = [] } = loaded;
  const { version, unlabelled } = labelledVersion(parent, labels, provenance, ctx.now());
  await saveDatasetVersion(ctx.artifacts, version);
  const stats = labelStats(labels);
  const percent = (stats.satisfiedRate * 100).toFixed(0);
  ctx.note(`${stats.total} labels (${source}): ${stats.satisfied} satisfied, ${stats.unsatisfied} not (${percent}%)`);
  if (stats.satisfied === 0 || stats.unsatisfied === 0) {
    ctx.note("every label is the same: agreement statistics such as kappa will be undefined");
  }
  const agreement = smeAgreementOf(annotated, `${ctx.input.config.prepare.seed}/sme-agreement`);
  for (const pair of agreement?.pairs ?? []) {
    const kappa = pair.kappa === null ? `n/a (${pair.reason ?? "undefined"})` : pair.kappa.toFixed(3);
    ctx.note(`SME agreement ${pair.annotators.join(" vs ")}: kappa ${kappa} on ${pair.shared} shared conversations`);
  }
  return {
    dataset: datasetData("judge-labelled", version),
    source,
    model: source === "gold" ? ctx.input.models.gold : null,
    stats,
    unlabelled: unlabelled.length,
    ...(agreement && { smeAgreement: agreement }),
  };
}

/**
 * Kappa between every pair of SMEs on the conversations both labelled, when the label file
 * names two or more annotators; undefined otherwise (one SME has no one to agree with).
 *
 * @example
 * smeAgreementOf(annotated, "7/sme-agreement")?.pairs[0]?.kappa; // 0.62
 */
export function smeAgreementOf(annotated: readonly Label[], seed: string): SmeAgreementData | undefined {
  const labels = annotated.flatMap((label) =>
    label.annotator === undefined ? [] : [{ ...label, annotator: label.annotator }],
  );
  const annotators = [...new Set(labels.map((label) => label.annotator))].sort();
  if (annotators.length < 2) return undefined;
  const perConversation = new Map<string, number>();
  for (const label of labels) {
    perConversation.set(label.conversation_id, (perConversation.get(label.conversation_id) ?? 0) + 1);
  }
  const sharedItems = [...perConversation.values()].filter((n) => n >= 2).length;
  return { annotators, sharedItems, pairs: smeAgreement(labels, { seed }) };
}

async function goldRun(ctx: StageContext, rows: Row[]): Promise<{ labels: Label[]; provenance: LabelProvenance }> {
  const model = ctx.input.models.gold;
  const pass = await runStagePass(ctx, {
    program: "gold-judge",
    examples: goldJudgeExamples(rows, transcriptColumn),
    metric: { kind: "none" },
    model,
    unit: "labels",
    options: { temperature: goldJudgeTemperature },
  });
  const result = goldLabelsOf(pass.records);
  const budgetFailure = result.failures.find((f) => f.errorKind === "budget_exceeded");
  if (budgetFailure) throw new RunStopped("budget_exceeded", budgetFailure.message);
  const missed = result.failures.find((f) => f.errorKind === "cache_miss");
  if (missed) throw new JudgeloopError("cache_miss", `the gold labels are not all cached (${missed.message})`);
  if (result.labels.length === 0 && result.failures.length > 0) {
    const first = result.failures[0];
    throw new JudgeloopError(
      "labeling_failed",
      `the gold model labelled nothing; the first failure: ${first?.errorKind}: ${first?.message}`,
    );
  }
  if (result.failures.length > 0) ctx.note(`the gold model could not label ${result.failures.length} transcripts`);
  return { labels: result.labels, provenance: { source: "gold", model } };
}
