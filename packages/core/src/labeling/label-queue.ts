import type { BinaryPair } from "../metrics/confusion.ts";
import { defaultGateThreshold, judgeGate } from "../optimize/judge-gate.ts";
import { type DesignWeights, designOrder, inclusionProbabilities, labelDesign } from "./label-queue-design.ts";
import { effectiveSize, type WeightedPair, weightedKappa, weightedKappaInterval } from "./label-queue-estimate.ts";

/**
 * How the queue orders what to label next:
 * - `active` (default): a seeded random order that favours the conversations the candidate judges
 *   split on (label-queue-design.ts), with the live kappa weighted by 1 / inclusion probability so
 *   it stays unbiased;
 * - `disagreement`: the earlier ordering, split votes and the least-labelled class strictly first,
 *   with unweighted kappa; kept so bench:labeling can show why it was replaced (its kappa is biased);
 * - `dataset`: dataset order (what a queue without judges falls back to).
 */
export type LabelOrdering = "active" | "disagreement" | "dataset";

export interface LabelQueueInput {
  /** Every conversation of the dataset, in dataset order. */
  itemIds: readonly string[];
  /** The SME's labels so far, by conversation id. */
  labels: ReadonlyMap<string, boolean>;
  /** Candidate judges' verdicts, by judge name then conversation id; the first judge is the one the gate checks. */
  verdicts: ReadonlyMap<string, ReadonlyMap<string, boolean>>;
  /** The gate's threshold on the kappa lower bound; default 0.4. */
  threshold?: number;
  /** Seeds the sampling order and the kappa bootstrap. */
  seed: string;
  /** Bootstrap resamples; default 1000 (the page asks after every label). */
  resamples?: number;
  /** Default `active`. */
  ordering?: LabelOrdering;
  /** How strongly `active` favours split votes and balances classes; default `defaultDesignWeights`. */
  design?: DesignWeights;
}

/** The judge's agreement with the labels so far, and what the gate makes of it. */
export interface LiveGate {
  judge: string | null;
  /** Labelled conversations the judge also has a verdict on. */
  n: number;
  /**
   * Kish's effective number of labels, (Σw)²/Σw², behind the weighted kappa; equals n when every
   * weight is equal (orderings `disagreement` and `dataset`, or everything labelled).
   */
  effectiveN: number;
  /** Whether kappa is weighted by inverse inclusion probability (ordering `active`). */
  weighted: boolean;
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
 * Orders what to label next and says where the gate stands.
 *
 * The default (`active`) order is a random sample that favours the conversations the candidate
 * judges split on, with known inclusion probabilities (label-queue-design.ts); the live kappa
 * weights each label by their inverse, so serving likely judge mistakes first does not bias it.
 * The order depends only on the judges' verdicts and the seed, so the page can ask again after
 * every label and get the same queue minus what was labelled.
 *
 * @example
 * const { next, gate } = labelQueue({ itemIds, labels, verdicts, seed: set.id });
 * gate.message; // "kappa 0.52 [0.31, 0.70]: below the gate's 0.4; about 38 more labels expected to clear it"
 */
export function labelQueue(input: LabelQueueInput): LabelQueue {
  const unlabelled = input.itemIds.filter((id) => !input.labels.has(id));
  const gate = liveGate(input, unlabelled.length);
  const ordering = input.ordering ?? "active";
  if (ordering === "dataset" || input.verdicts.size === 0) return { next: unlabelled, gate };
  if (ordering === "disagreement") return { next: disagreementOrder(input, unlabelled), gate };
  return { next: designOrder(labelDesign(input.itemIds, input.verdicts, input.seed, input.design), unlabelled), gate };
}

/**
 * The superseded `disagreement` order: split votes first, then what the gate judge predicts as the
 * class the labels so far have least of; ties by a seeded hash. Its kappa is unweighted, and the
 * first labels over-represent the judge's mistakes (docs/labeling.md measures the effect).
 */
function disagreementOrder(input: LabelQueueInput, unlabelled: readonly string[]): string[] {
  const judges = [...input.verdicts.values()];
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
  return scored.map((item) => item.id);
}

/**
 * The gate judge's kappa against the labels so far and the verdict it implies. Under the `active`
 * ordering each label weighs 1 / its inclusion probability (label-queue-estimate.ts), for the point
 * estimate and its bootstrap interval alike; otherwise every label weighs 1 and this is plain kappa.
 * The labels still needed use the same weighted kappa and lower bound, assuming the interval
 * narrows like 1/√n around the current kappa: n' = n·((κ − lower)/(κ − threshold))².
 *
 * @example
 * liveGate({ itemIds, labels, verdicts, seed: "s" }, 120).moreLabels; // 24
 */
export function liveGate(input: LabelQueueInput, remaining: number): LiveGate {
  const threshold = input.threshold ?? defaultGateThreshold;
  const [judge, verdicts] = [...input.verdicts.entries()][0] ?? [null, new Map<string, boolean>()];
  const pairs = weightedPairs(input, verdicts);
  const weighted = (input.ordering ?? "active") === "active";
  const base = { judge, n: pairs.length, effectiveN: effectiveSize(pairs), weighted, threshold };
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
  const kappa = weightedKappa(pairs);
  const interval = weightedKappaInterval(pairs, { seed: input.seed, resamples: input.resamples ?? 1000 });
  const gate = judgeGate({ n: pairs.length, kappa: { value: kappa, interval } }, { threshold });
  const verdict = gate.passed ? "passes" : "fails";
  const moreLabels = gate.passed ? 0 : labelsToClear(pairs.length, kappa, interval?.lower ?? null, threshold);
  return {
    ...base,
    kappa,
    interval,
    verdict,
    moreLabels,
    message: gateMessage(
      kappa,
      interval,
      threshold,
      verdict,
      moreLabels,
      remaining,
      weightNote(base.n, base.effectiveN),
    ),
  };
}

/** The labels the gate judge has a verdict on, each with its weight under the input's ordering. */
function weightedPairs(input: LabelQueueInput, verdicts: ReadonlyMap<string, boolean>): WeightedPair[] {
  const judged: (BinaryPair & { id: string })[] = [];
  for (const [id, gold] of input.labels) {
    const predicted = verdicts.get(id);
    if (predicted !== undefined) judged.push({ id, predicted, gold });
  }
  if ((input.ordering ?? "active") !== "active" || input.verdicts.size === 0) {
    return judged.map(({ predicted, gold }) => ({ predicted, gold, weight: 1 }));
  }
  const design = labelDesign(input.itemIds, input.verdicts, input.seed, input.design);
  const unlabelled = input.itemIds.filter((id) => !input.labels.has(id));
  const pi = inclusionProbabilities(
    design,
    judged.map((p) => p.id),
    unlabelled,
  );
  return judged.map(({ id, predicted, gold }) => ({ predicted, gold, weight: 1 / (pi.get(id) ?? 1) }));
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
  note = "",
): string {
  if (kappa === null || interval === null)
    return `kappa not defined yet (both classes needed on both sides): below the gate's ${threshold}`;
  const shown = `kappa ${kappa.toFixed(2)} [${interval.lower.toFixed(2)}, ${interval.upper.toFixed(2)}]${note}`;
  if (verdict === "passes") return `${shown}: clears the gate's ${threshold}`;
  if (more === null) return `${shown}: below the gate's ${threshold}, and not expected to clear it at this kappa`;
  if (more > remaining)
    return `${shown}: below the gate's ${threshold}; about ${more} more labels expected to clear it, more than the ${remaining} left`;
  return `${shown}: below the gate's ${threshold}; about ${more} more labels expected to clear it`;
}

/**
 * Says the kappa is weighted when the weights differ, so the SME can see why n labels carry less
 * than n labels' worth; nothing when every weight is equal.
 */
function weightNote(n: number, effectiveN: number): string {
  if (n - effectiveN < 0.5) return "";
  return ` (weighted for the queue's order: the ${n} labels count as about ${Math.round(effectiveN)})`;
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
