import { type ConfusionMatrix, type MaybeValue, matrixSize } from "./confusion.ts";

/**
 * Cohen's kappa for two raters on a binary scale: κ = (pₒ − pₑ) / (1 − pₑ).
 *
 * Computed in the integer form κ = 2(tp·tn − fp·fn) / ((tp+fp)(fp+tn) + (tp+fn)(fn+tn)), whose
 * denominator is n²(1 − pₑ); it is zero exactly when expected agreement is 1 (both raters use a
 * single, identical class), and kappa is then reported as null with that reason.
 *
 * @example
 * cohenKappa({ tp: 20, fp: 5, fn: 10, tn: 15 }).value; // 0.4
 */
export function cohenKappa(m: ConfusionMatrix): MaybeValue {
  if (matrixSize(m) === 0) return { value: null, reason: "no pairs" };
  const denominator = (m.tp + m.fp) * (m.fp + m.tn) + (m.tp + m.fn) * (m.fn + m.tn);
  if (denominator === 0) {
    return { value: null, reason: "expected agreement is 1: judge and gold both use a single, identical class" };
  }
  return { value: (2 * (m.tp * m.tn - m.fp * m.fn)) / denominator };
}

/** Observed agreement pₒ and chance agreement pₑ (from the marginals), null for an empty matrix. */
export interface AgreementParts {
  readonly observed: number | null;
  readonly expected: number | null;
}

/**
 * pₒ and pₑ of a confusion matrix, for reports that show how kappa was reached.
 *
 * @example
 * agreementParts({ tp: 20, fp: 5, fn: 10, tn: 15 }); // { observed: 0.7, expected: 0.5 }
 */
export function agreementParts(m: ConfusionMatrix): AgreementParts {
  const n = matrixSize(m);
  if (n === 0) return { observed: null, expected: null };
  const predictedYes = m.tp + m.fp;
  const goldYes = m.tp + m.fn;
  const expected = (predictedYes * goldYes + (n - predictedYes) * (n - goldYes)) / (n * n);
  return { observed: (m.tp + m.tn) / n, expected };
}
