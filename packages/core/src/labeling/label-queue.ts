import { agreementReport } from "../metrics/agreement.ts";
import type { BinaryPair } from "../metrics/confusion.ts";
import { defaultGateThreshold, judgeGate } from "../optimize/judge-gate.ts";

export interface LabelQueueInput {
  /** Every conversation of the dataset, in dataset order. */
  itemIds: readonly string[];
  /** The SME's labels so far, by conversation id. */
  labels: ReadonlyMap<string, boolean>;
  /** Candidate judges' verdicts, by judge name then conversation id; the first judge is the one the gate checks. */
  verdicts: ReadonlyMap<string, ReadonlyMap<string, boolean>>;
  /** The gate's threshold on the kappa lower bound; default 0.4. */
  threshold?: number;
  /** Seeds the kappa bootstrap and the tie-breaking order. */
  seed: string;
  /** Bootstrap resamples; default 1000 (the page asks after every label). */
  resamples?: number;
  /** `active` (default) or `dataset` order (what a queue without judges falls back to). */
  ordering?: "active" | "dataset";
}

/** The judge's agreement with the labels so far, and what the gate makes of it. */
export interface LiveGate {
  judge: string | null;
  /** Labelled conversations the judge also has a verdict on. */
  n: number;
  kappa: number | null;
  interval: { lower: number; upper: number } | null;
  threshold: number;
  /** `passes`: the lower bound clears the threshold now; `fails`: it does not (yet). */
  verdict: "passes" | "fails";
  /** Labels more expected to clear the gate at the current kappa; null when it is not expected to. */
  moreLabels: number | null;
  /** One sentence for the page. */
  message: string;
}

export interface LabelQueue {
  /** Unlabelled conversation ids, the one to label next first. */
  next: string[];
  gate: LiveGate;
}

/**
 * Orders what to label next so the judge's kappa interval tightens fastest, and says where the
 * gate stands. An item scores high when the candidate judges disagree on it (vote entropy: such
 * items fill the confusion matrix's error cells, the thin cells that make kappa's interval wide)
 * and when the gate judge predicts the class the labels so far have least of (kappa is undefined
 * with one class and noisy with a rare one). Ties break by a seeded hash, never by dataset order.
 *
 * @example
 * const { next, gate } = labelQueue({ itemIds, labels, verdicts, seed: set.id });
 * gate.message; // "kappa 0.52 [0.31, 0.70]: below the gate's 0.4; about 38 more labels expected to clear it"
 */
export function labelQueue(input: LabelQueueInput): LabelQueue {
  const unlabelled = input.itemIds.filter((id) => !input.labels.has(id));
  const gate = liveGate(input, unlabelled.length);
  const judges = [...input.verdicts.values()];
  if (input.ordering === "dataset" || judges.length === 0) return { next: unlabelled, gate };
  const primary = judges[0] ?? new Map<string, boolean>();
  const labelledPositive = [...input.labels.keys()].filter((id) => primary.get(id) === true).length;
  const labelledNegative = [...input.labels.keys()].filter((id) => primary.get(id) === false).length;
  const rarer = labelledPositive === labelledNegative ? null : labelledPositive < labelledNegative;
  const score = (id: string): number => {
    const votes = judges.map((verdicts) => verdicts.get(id)).filter((v) => v !== undefined);
    const yes = votes.filter(Boolean).length;
    const disagreement = votes.length < 2 ? 0 : 1 - Math.abs((2 * yes) / votes.length - 1);
    const balance = rarer !== null && primary.get(id) === rarer ? 0.5 : 0;
    return disagreement + balance;
  };
  const scored = unlabelled.map((id) => ({ id, score: score(id), tie: hashUnit(`${input.seed}:${id}`) }));
  scored.sort((a, b) => b.score - a.score || a.tie - b.tie);
  return { next: scored.map((item) => item.id), gate };
}

/**
 * The gate judge's kappa against the labels so far and the verdict it implies. The labels still
 * needed assume the interval narrows like 1/√n around the current kappa: n' = n·((κ − lower)/(κ − threshold))².
 *
 * @example
 * liveGate({ itemIds, labels, verdicts, seed: "s" }, 120).moreLabels; // 24
 */
export function liveGate(input: LabelQueueInput, remaining: number): LiveGate {
  const threshold = input.threshold ?? defaultGateThreshold;
  const [judge, verdicts] = [...input.verdicts.entries()][0] ?? [null, new Map<string, boolean>()];
  const pairs: BinaryPair[] = [];
  for (const [id, gold] of input.labels) {
    const predicted = verdicts.get(id);
    if (predicted !== undefined) pairs.push({ predicted, gold });
  }
  const base = { judge, n: pairs.length, threshold };
  if (judge === null) {
    return {
      ...base,
      kappa: null,
      interval: null,
      verdict: "fails",
      moreLabels: null,
      message: "no judge verdicts: the gate cannot be estimated",
    };
  }
  const report = agreementReport(pairs, { seed: input.seed, resamples: input.resamples ?? 1000 });
  const kappa = report.kappa.value;
  const interval =
    report.kappa.interval === null ? null : { lower: report.kappa.interval.lower, upper: report.kappa.interval.upper };
  const gate = judgeGate({ n: pairs.length, kappa: { value: kappa, interval } }, { threshold });
  const verdict = gate.passed ? "passes" : "fails";
  const moreLabels = gate.passed ? 0 : labelsToClear(pairs.length, kappa, interval?.lower ?? null, threshold);
  return {
    ...base,
    kappa,
    interval,
    verdict,
    moreLabels,
    message: gateMessage(kappa, interval, threshold, verdict, moreLabels, remaining),
  };
}

function labelsToClear(n: number, kappa: number | null, lower: number | null, threshold: number): number | null {
  if (kappa === null || lower === null || kappa <= threshold) return null;
  const needed = Math.ceil(n * ((kappa - lower) / (kappa - threshold)) ** 2);
  return Math.max(1, needed - n);
}

function gateMessage(
  kappa: number | null,
  interval: { lower: number; upper: number } | null,
  threshold: number,
  verdict: "passes" | "fails",
  more: number | null,
  remaining: number,
): string {
  if (kappa === null || interval === null)
    return `kappa not defined yet (both classes needed on both sides): below the gate's ${threshold}`;
  const shown = `kappa ${kappa.toFixed(2)} [${interval.lower.toFixed(2)}, ${interval.upper.toFixed(2)}]`;
  if (verdict === "passes") return `${shown}: clears the gate's ${threshold}`;
  if (more === null) return `${shown}: below the gate's ${threshold}, and not expected to clear it at this kappa`;
  if (more > remaining)
    return `${shown}: below the gate's ${threshold}; about ${more} more labels expected to clear it, more than the ${remaining} left`;
  return `${shown}: below the gate's ${threshold}; about ${more} more labels expected to clear it`;
}

/** A deterministic number in [0, 1) from a string (FNV-1a), for seeded tie-breaking. */
function hashUnit(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 2 ** 32;
}
