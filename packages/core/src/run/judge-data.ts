import type { Row } from "../data/parsed-rows.ts";
import type { EvaluateResult } from "../evaluate/types.ts";
import { type AgreementReport, agreementReport } from "../metrics/agreement.ts";
import type { BinaryPair } from "../metrics/confusion.ts";
import type { Example } from "../module/example.ts";
import type { Program } from "../module/program.ts";
import { judgeCritique, judgeInput, judgeVerdict } from "./programs.ts";
import { requireOutput, type StageContext } from "./stage-context.ts";
import { datasetRows, evaluateInStage, examplesOf, rowId } from "./stage-data.ts";
import { transcriptColumn } from "./stage-generate.ts";

/** The labelled judge set, split back into the judge's train and validation parts. */
export interface JudgeSplits {
  train: Example[];
  validation: Example[];
  /** The generated reply of every labelled conversation, by id. */
  replies: Map<string, string>;
}

/**
 * Judge examples (transcript in; gold verdict and critique as labels) for the two judge splits.
 *
 * @example
 * const { train, validation } = await judgeSplits(ctx);
 */
export async function judgeSplits(ctx: StageContext): Promise<JudgeSplits> {
  const { datasets } = requireOutput(ctx, "prepare");
  const labelled = await datasetRows(ctx, requireOutput(ctx, "label").dataset);
  const trainIds = new Set((await datasetRows(ctx, datasets.judgeTrain)).map(rowId));
  const validationIds = new Set((await datasetRows(ctx, datasets.judgeValidation)).map(rowId));
  const pick = (ids: Set<string>) => judgeExamples(labelled.filter((row) => ids.has(rowId(row))));
  const replies = new Map(labelled.map((row) => [rowId(row), String(row.reply ?? "")]));
  return { train: pick(trainIds), validation: pick(validationIds), replies };
}

/**
 * Judge examples of labelled rows.
 *
 * @example
 * judgeExamples(labelledRows)[0]?.inputs(); // { transcript: "Company: ..." }
 */
export function judgeExamples(rows: readonly Row[]): Example[] {
  return examplesOf(rows, { [judgeInput]: transcriptColumn }, [judgeVerdict, judgeCritique]);
}

/** A judge's verdicts on examples, by example id; examples it failed on are absent. */
export type Verdicts = Map<string, { verdict: boolean; critique: string | null; gold: boolean }>;

export interface JudgePass {
  verdicts: Verdicts;
  result: EvaluateResult;
}

/**
 * Runs a judge over labelled examples and keeps its verdicts.
 *
 * @example
 * const { verdicts } = await judgePass(ctx, judge, examples, { unit: "verdicts" });
 */
export async function judgePass(
  ctx: StageContext,
  judge: Program,
  examples: readonly Example[],
  options: { unit: string; temperature?: number; rolloutId?: number },
): Promise<JudgePass> {
  const { unit, ...sampling } = options;
  const result = await evaluateInStage(ctx, {
    program: judge,
    examples,
    metric: { kind: "exact", field: judgeVerdict },
    model: ctx.input.models.judge,
    unit,
    options: sampling,
  });
  const verdicts: Verdicts = new Map();
  result.records.forEach((record, index) => {
    const verdict = record.outputs?.[judgeVerdict];
    const gold = examples[index]?.get(judgeVerdict);
    if (record.status !== "scored" || typeof verdict !== "boolean" || typeof gold !== "boolean") return;
    const critique = record.outputs?.[judgeCritique];
    verdicts.set(record.exampleId ?? String(index), {
      verdict,
      gold,
      critique: typeof critique === "string" ? critique : null,
    });
  });
  return { verdicts, result };
}

/**
 * Agreement of verdicts with the gold labels, seeded by the run's config so that the same
 * verdicts always give the same intervals.
 *
 * @example
 * const report = agreementOf(ctx, verdicts, "judge-train/baseline");
 */
export function agreementOf(ctx: StageContext, verdicts: Verdicts, label: string): AgreementReport {
  const pairs: BinaryPair[] = [...verdicts.values()].map(({ verdict, gold }) => ({ predicted: verdict, gold }));
  return agreementReport(pairs, { seed: `${ctx.input.config.prepare.seed}/${label}` });
}

/**
 * "0.71 (κ 0.42 [0.28, 0.55])": accuracy and kappa with its interval, for notes.
 *
 * @example
 * ctx.note(`baseline judge: ${describeAgreement(report)}`);
 */
export function describeAgreement(report: AgreementReport): string {
  const accuracy = report.accuracy.value === null ? "n/a" : report.accuracy.value.toFixed(2);
  const kappa = report.kappa.value === null ? "n/a" : report.kappa.value.toFixed(2);
  const interval = report.kappa.interval;
  const range = interval ? ` [${interval.lower.toFixed(2)}, ${interval.upper.toFixed(2)}]` : "";
  return `agreement ${accuracy}, kappa ${kappa}${range}`;
}
