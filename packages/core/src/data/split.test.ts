import { describe, expect, it } from "vitest";
import { contentHash } from "../util/canonical-json.ts";
import type { Row } from "./parsed-rows.ts";
import { nestedSplits, resolveSplitSize, sampleRows, shuffleRows, splitRows } from "./split.ts";
import { bundledConversations } from "./testdata/bundled.ts";

const referenceSizes = { seed: 10, judgeSet: 160, judgeValidation: 50, devHoldout: 40 };

function ids(rows: readonly Row[]): string[] {
  return rows.map((row) => String(row.conversation_id));
}

function splitsHash(rows: readonly Row[], seed: number): string {
  const parts = nestedSplits(rows, { ...referenceSizes, seed });
  return contentHash(Object.fromEntries(Object.entries(parts).map(([name, part]) => [name, ids(part)])));
}

describe("sampleRows", () => {
  it("reproduces the golden sample of 400 under seed 10", () => {
    const sample = sampleRows(bundledConversations(), 400, 10);

    expect(sample).toHaveLength(400);
    expect(contentHash(ids(sample))).toBe("99c57a9a0ad64b000e79ec344e41eee04b56b30d632548242b266899f5ea244a");
  });

  it("draws another sample under another seed", () => {
    const sample = sampleRows(bundledConversations(), 400, 11);

    expect(contentHash(ids(sample))).toBe("221e643c083970ed807f3034cd101f3dd6898929a3a7d6dca1c95743c40676d0");
  });

  it("does not depend on the order of the input rows", () => {
    const rows = bundledConversations();

    expect(ids(sampleRows([...rows].reverse(), 50, 3))).toEqual(ids(sampleRows(rows, 50, 3)));
  });

  it("returns every row when asked for more than there are", () => {
    expect(sampleRows(bundledConversations().slice(0, 5), 400, 1)).toHaveLength(5);
  });
});

describe("shuffleRows", () => {
  it("permutes the rows reproducibly", () => {
    const rows = bundledConversations().slice(0, 20);

    const first = ids(shuffleRows(rows, 5));

    expect(ids(shuffleRows(rows, 5))).toEqual(first);
    expect([...first].sort()).toEqual(ids(rows).sort());
    expect(first).not.toEqual(ids(shuffleRows(rows, 6)));
  });
});

describe("splitRows", () => {
  it("splits by count into disjoint parts that cover the input", () => {
    const rows = bundledConversations().slice(0, 100);

    const { part, rest } = splitRows(rows, 30, 1, "x");

    expect(part).toHaveLength(30);
    expect(rest).toHaveLength(70);
    expect(new Set([...ids(part), ...ids(rest)]).size).toBe(100);
  });

  it("splits by fraction, rounding the drawn part up", () => {
    expect(splitRows(bundledConversations().slice(0, 101), 0.4, 1, "x").part).toHaveLength(41);
  });

  it("rejects a count larger than the rows left", () => {
    expect(() => splitRows(bundledConversations().slice(0, 10), 11, 1, "judge-set")).toThrow(/11 rows but only 10/);
  });
});

describe("resolveSplitSize", () => {
  it("rejects sizes that are neither counts nor fractions", () => {
    expect(() => resolveSplitSize(2.5, 10)).toThrow(/neither a count nor a fraction/);
    expect(() => resolveSplitSize(-1, 10)).toThrow();
  });
});

describe("nestedSplits", () => {
  it("makes the reference splits: judge 160 (110/50) and dev 240 (200/40)", () => {
    const sample = sampleRows(bundledConversations(), 400, 10);

    const parts = nestedSplits(sample, referenceSizes);

    expect(Object.fromEntries(Object.entries(parts).map(([name, part]) => [name, part.length]))).toEqual({
      judge: 160,
      judgeTrain: 110,
      judgeValidation: 50,
      dev: 240,
      devTrain: 200,
      devHoldout: 40,
    });
    expect(ids(parts.judge).filter((id) => ids(parts.dev).includes(id))).toEqual([]);
  });

  it("reproduces the golden splits under seed 10 and changes under seed 11", () => {
    const sample = sampleRows(bundledConversations(), 400, 10);

    expect(splitsHash(sample, 10)).toBe("f81ae36aff5496eeeb69f2cac757e246a3048d79f97b563e0cd80b84ac84f532");
    expect(splitsHash(sample, 11)).not.toBe(splitsHash(sample, 10));
  });
});
