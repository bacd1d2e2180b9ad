import { JudgeloopError } from "../errors.ts";
import {
  type BootstrapInterval,
  bootstrapPercentile,
  defaultLevel,
  defaultResamples,
  type Estimate,
  type ProportionEstimate,
  proportionEstimate,
} from "./intervals.ts";
import { type McNemarResult, mcnemarTest } from "./mcnemar.ts";

/** One example's outcome for one program, keyed by the example (conversation) id. */
export interface PassRecord {
  readonly id: string;
  readonly pass: boolean;
}

export interface PairedComparisonOptions {
  /** Seeds the paired bootstrap of the pass-rate difference. */
  seed: string | number;
  level?: number;
  resamples?: number;
}

/** Baseline versus candidate on the examples both were scored on. */
export interface PairedComparison {
  /** Examples present in both runs; every statistic below is over these only. */
  readonly n: number;
  readonly unmatched: { readonly baselineOnly: readonly string[]; readonly candidateOnly: readonly string[] };
  readonly baseline: ProportionEstimate;
  readonly candidate: ProportionEstimate;
  /** Candidate pass rate minus baseline pass rate, with a paired percentile bootstrap interval. */
  readonly difference: Estimate<BootstrapInterval>;
  /** b = baseline passed and candidate failed; c = baseline failed and candidate passed. */
  readonly mcnemar: McNemarResult;
  readonly flips: { readonly failToPass: readonly string[]; readonly passToFail: readonly string[] };
}

/**
 * Compares two programs scored on the same examples, joined by id. Ids found in only one run are
 * listed in `unmatched`, never silently dropped; a repeated id within one run is an error.
 * Reports both pass rates (Wilson), the paired bootstrap interval of their difference (seeded),
 * McNemar's exact test, and which examples flipped.
 *
 * @example
 * const result = comparePrograms(baselineRecords, optimizedRecords, { seed: "compare-1" });
 * result.mcnemar.exactPValue; result.flips.failToPass;
 */
export function comparePrograms(
  baseline: readonly PassRecord[],
  candidate: readonly PassRecord[],
  options: PairedComparisonOptions,
): PairedComparison {
  const level = options.level ?? defaultLevel;
  const joined = joinById(baseline, candidate);
  const pairs = joined.pairs;
  const failToPass = pairs.filter((p) => !p.baseline && p.candidate).map((p) => p.id);
  const passToFail = pairs.filter((p) => p.baseline && !p.candidate).map((p) => p.id);
  const baselinePasses = pairs.filter((p) => p.baseline).length;
  const candidatePasses = pairs.filter((p) => p.candidate).length;
  const empty = "no example ids are shared by the two runs";
  return {
    n: pairs.length,
    unmatched: joined.unmatched,
    baseline: proportionEstimate(baselinePasses, pairs.length, level, empty),
    candidate: proportionEstimate(candidatePasses, pairs.length, level, empty),
    difference: passRateDifference(pairs, { ...options, level }),
    mcnemar: mcnemarTest(passToFail.length, failToPass.length),
    flips: { failToPass, passToFail },
  };
}

interface JoinedPair {
  readonly id: string;
  readonly baseline: boolean;
  readonly candidate: boolean;
}

function joinById(baseline: readonly PassRecord[], candidate: readonly PassRecord[]) {
  const baselineById = indexById(baseline, "baseline");
  const candidateById = indexById(candidate, "candidate");
  const pairs: JoinedPair[] = [];
  const baselineOnly: string[] = [];
  for (const [id, pass] of baselineById) {
    const other = candidateById.get(id);
    if (other === undefined) baselineOnly.push(id);
    else pairs.push({ id, baseline: pass, candidate: other });
  }
  const candidateOnly = [...candidateById.keys()].filter((id) => !baselineById.has(id));
  return { pairs, unmatched: { baselineOnly, candidateOnly } };
}

function indexById(records: readonly PassRecord[], side: string): Map<string, boolean> {
  const byId = new Map<string, boolean>();
  records.forEach((record, index) => {
    if (typeof record.id !== "string" || record.id === "") {
      throw new JudgeloopError("bad_metric_input", `${side} record ${index}: id must be a non-empty string`);
    }
    if (typeof record.pass !== "boolean") {
      throw new JudgeloopError("bad_metric_input", `${side} record "${record.id}": pass must be a boolean`);
    }
    if (byId.has(record.id)) {
      throw new JudgeloopError("bad_metric_input", `${side} has example id "${record.id}" more than once`);
    }
    byId.set(record.id, record.pass);
  });
  return byId;
}

function passRateDifference(
  pairs: readonly JoinedPair[],
  options: { seed: string | number; level: number; resamples?: number },
): Estimate<BootstrapInterval> {
  if (pairs.length === 0) return { value: null, interval: null, reason: "no example ids are shared by the two runs" };
  // Resampling whole pairs keeps each example's two outcomes together; that is what makes it paired.
  const difference = (sample: readonly JoinedPair[]) => {
    let delta = 0;
    for (const pair of sample) delta += Number(pair.candidate) - Number(pair.baseline);
    return delta / sample.length;
  };
  const interval = bootstrapPercentile(pairs, difference, {
    seed: options.seed,
    level: options.level,
    resamples: options.resamples ?? defaultResamples,
  });
  return { value: difference(pairs), interval };
}
