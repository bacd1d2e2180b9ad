import { goldJudgeExamples, goldLabelsOf } from "../data/gold-judge.ts";
import type { Row } from "../data/parsed-rows.ts";
import { evaluate } from "../evaluate/evaluate.ts";
import type { EvaluateProgress } from "../evaluate/types.ts";
import type { LM } from "../lm/types.ts";
import { baselineJudge } from "../run/programs.ts";
import type { JudgeVerdict } from "./label-set.ts";

export interface JudgeVerdictsOptions {
  lm: LM;
  /** The judge's name on the verdicts, e.g. its `provider/model`. */
  judge: string;
  /** The row field holding the full transcript. */
  transcriptField: string;
  concurrency?: number;
  onProgress?: (progress: EvaluateProgress) => void;
}

/**
 * The baseline judge's verdicts on every row, for the label queue: candidate judges that
 * disagree on a conversation mark it as worth labelling. Rows the judge failed on get no verdict.
 *
 * @example
 * const { verdicts, simulated } = await judgeVerdicts(rows, { lm, judge: "sim/strong", transcriptField: "transcript" });
 */
export async function judgeVerdicts(
  rows: readonly Row[],
  options: JudgeVerdictsOptions,
): Promise<{ verdicts: JudgeVerdict[]; failed: number; simulated: boolean }> {
  const result = await evaluate(baselineJudge(), goldJudgeExamples(rows, options.transcriptField), () => true, {
    lm: options.lm,
    concurrency: options.concurrency ?? 8,
    temperature: 0,
    ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
  });
  const { labels, failures } = goldLabelsOf(result.records);
  const verdicts = labels.map((label) => ({ judge: options.judge, ...label }));
  return { verdicts, failed: failures.length, simulated: result.simulated };
}
