import { agreementReport } from "../metrics/agreement.ts";
import type { SmeLabel } from "./label-set.ts";

/** Cohen's kappa between two annotators on the conversations both labelled. */
export interface AnnotatorAgreement {
  annotators: [string, string];
  /** Conversations both labelled. */
  shared: number;
  /** Both gave the same verdict. */
  agreed: number;
  kappa: number | null;
  interval: { lower: number; upper: number } | null;
  /** Why kappa is undefined, when it is. */
  reason?: string;
}

/**
 * Agreement between every pair of annotators of a label set: Cohen's kappa with a bootstrap
 * interval on their shared items. It is the ceiling a judge can be expected to reach: a judge
 * cannot agree with one SME much better than another SME does.
 *
 * @example
 * smeAgreement(labels, { seed: set.id })[0]?.kappa; // 0.71
 */
export function smeAgreement(
  labels: readonly Pick<SmeLabel, "annotator" | "conversation_id" | "satisfied">[],
  options: { seed: string; resamples?: number },
): AnnotatorAgreement[] {
  const byAnnotator = new Map<string, Map<string, boolean>>();
  for (const label of labels) {
    const own = byAnnotator.get(label.annotator) ?? new Map<string, boolean>();
    own.set(label.conversation_id, label.satisfied);
    byAnnotator.set(label.annotator, own);
  }
  const names = [...byAnnotator.keys()].sort();
  const result: AnnotatorAgreement[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = names[i] as string;
      const b = names[j] as string;
      result.push(pairAgreement(a, b, byAnnotator, options));
    }
  }
  return result;
}

function pairAgreement(
  a: string,
  b: string,
  byAnnotator: Map<string, Map<string, boolean>>,
  options: { seed: string; resamples?: number },
): AnnotatorAgreement {
  const first = byAnnotator.get(a) ?? new Map<string, boolean>();
  const second = byAnnotator.get(b) ?? new Map<string, boolean>();
  const pairs = [...first].flatMap(([id, gold]) => {
    const predicted = second.get(id);
    return predicted === undefined ? [] : [{ predicted, gold }];
  });
  const agreed = pairs.filter((pair) => pair.predicted === pair.gold).length;
  const base = { annotators: [a, b] as [string, string], shared: pairs.length, agreed };
  if (pairs.length === 0) return { ...base, kappa: null, interval: null, reason: "no shared items" };
  const report = agreementReport(pairs, { seed: `${options.seed}:${a}:${b}`, resamples: options.resamples ?? 1000 });
  const { value, interval } = report.kappa;
  return {
    ...base,
    kappa: value,
    interval: interval === null ? null : { lower: interval.lower, upper: interval.upper },
    ...(report.kappa.reason !== undefined && { reason: report.kappa.reason }),
  };
}
