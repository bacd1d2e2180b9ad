import { JudgeloopError } from "../errors.ts";
import { Random } from "../util/random.ts";
import type { Row } from "./parsed-rows.ts";

/** An integer is a row count; a number strictly between 0 and 1 is a fraction of the rows. */
export type SplitSize = number;

const idField = "conversation_id";

/**
 * Rows sorted by id. Seeded operations start from this order, so their result depends on the
 * seed and the set of rows, never on the order a file listed them in.
 *
 * @example
 * byId([{ conversation_id: "b" }, { conversation_id: "a" }]); // a, b
 */
export function byId(rows: readonly Row[]): Row[] {
  return [...rows].sort((a, b) => compareIds(String(a[idField]), String(b[idField])));
}

/**
 * How many rows `size` means out of `total`: a count as is, a fraction rounded up (as
 * `datasets.train_test_split` does for its test part).
 *
 * @example
 * resolveSplitSize(0.4, 400); // 160
 */
export function resolveSplitSize(size: SplitSize, total: number): number {
  if (!Number.isFinite(size) || size < 0 || (size > 1 && !Number.isInteger(size))) {
    throw new JudgeloopError("bad_split", `split size ${size} is neither a count nor a fraction between 0 and 1`);
  }
  return Number.isInteger(size) ? size : Math.ceil(size * total);
}

/**
 * `size` rows drawn without replacement by a generator seeded with `seed` (all of them when
 * there are fewer), returned in id order.
 *
 * @example
 * sampleRows(rows, 400, 10).length; // 400
 */
export function sampleRows(rows: readonly Row[], size: SplitSize, seed: string | number): Row[] {
  const count = Math.min(resolveSplitSize(size, rows.length), rows.length);
  return byId(new Random(`${seed}/sample`).sample(byId(rows), count));
}

/**
 * The rows in a seeded random order.
 *
 * @example
 * shuffleRows(rows, 7);
 */
export function shuffleRows(rows: readonly Row[], seed: string | number): Row[] {
  return new Random(`${seed}/shuffle`).shuffle(byId(rows));
}

export interface SplitResult {
  /** The `size` rows drawn out, in id order. */
  part: Row[];
  /** Everything else, in id order. */
  rest: Row[];
}

/**
 * Draws `size` rows out of `rows` at random. `label` names the split so that two splits made
 * with the same seed still draw independently.
 *
 * @example
 * const { part: judgeSet, rest: devSet } = splitRows(sample, 160, 10, "judge-set");
 */
export function splitRows(rows: readonly Row[], size: SplitSize, seed: string | number, label: string): SplitResult {
  const count = resolveSplitSize(size, rows.length);
  if (count > rows.length) {
    throw new JudgeloopError("bad_split", `split "${label}" asks for ${count} rows but only ${rows.length} are left`);
  }
  const shuffled = new Random(`${seed}/split/${label}`).shuffle(byId(rows));
  return { part: byId(shuffled.slice(0, count)), rest: byId(shuffled.slice(count)) };
}

export interface NestedSplitSizes {
  seed: string | number;
  /** Rows of the sample that go to the judge set; the rest is the generator's dev set. */
  judgeSet: SplitSize;
  /** Judge-set rows held out to validate the judge; the rest trains it. */
  judgeValidation: SplitSize;
  /** Dev-set rows held out to compare generators; the rest trains the generator. */
  devHoldout: SplitSize;
}

export interface NestedSplits {
  judge: Row[];
  judgeTrain: Row[];
  judgeValidation: Row[];
  dev: Row[];
  devTrain: Row[];
  devHoldout: Row[];
}

/**
 * The reference's nested splits: sample → judge set / generator dev set, then train/validation
 * inside the judge set and train/holdout inside the dev set.
 *
 * @example
 * nestedSplits(sample, { seed: 10, judgeSet: 160, judgeValidation: 50, devHoldout: 40 });
 * // judge 160 (train 110, validation 50), dev 240 (train 200, holdout 40)
 */
export function nestedSplits(rows: readonly Row[], sizes: NestedSplitSizes): NestedSplits {
  const { part: judge, rest: dev } = splitRows(rows, sizes.judgeSet, sizes.seed, "judge-set");
  const judgeSplit = splitRows(judge, sizes.judgeValidation, sizes.seed, "judge-validation");
  const devSplit = splitRows(dev, sizes.devHoldout, sizes.seed, "dev-holdout");
  return {
    judge,
    judgeTrain: judgeSplit.rest,
    judgeValidation: judgeSplit.part,
    dev,
    devTrain: devSplit.rest,
    devHoldout: devSplit.part,
  };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
