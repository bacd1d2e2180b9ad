import { describe, expect, it } from "vitest";
import type { SmeLabel } from "./label-set.ts";
import { smeAgreement } from "./sme-agreement.ts";

function label(annotator: string, id: string, satisfied: boolean): SmeLabel {
  return {
    annotator,
    conversation_id: id,
    satisfied,
    critique: satisfied ? "" : "missed the question",
    labelledAt: "2026-12-06T12:00:00.000Z",
  };
}

/** Two annotators whose shared labels form the confusion matrix (a's verdict, b's verdict). */
function pairLabels(cells: { tt: number; ff: number; tf: number; ft: number }): SmeLabel[] {
  const labels: SmeLabel[] = [];
  let next = 0;
  const add = (count: number, a: boolean, b: boolean) => {
    for (let i = 0; i < count; i++) {
      const id = `c${next++}`;
      labels.push(label("ana", id, a), label("ben", id, b));
    }
  };
  add(cells.tt, true, true);
  add(cells.ff, false, false);
  add(cells.tf, true, false);
  add(cells.ft, false, true);
  return labels;
}

describe("smeAgreement", () => {
  it("computes Cohen's kappa on the items both annotators labelled", () => {
    // po = 0.8, pe = 0.5: kappa 0.6. Items only one annotator labelled do not count.
    const labels = [...pairLabels({ tt: 8, ff: 8, tf: 2, ft: 2 }), label("ana", "only-ana", true)];
    const [pair, ...rest] = smeAgreement(labels, { seed: "set-1", resamples: 400 });
    expect(rest).toEqual([]);
    expect(pair?.annotators).toEqual(["ana", "ben"]);
    expect(pair?.shared).toBe(20);
    expect(pair?.agreed).toBe(16);
    expect(pair?.kappa).toBeCloseTo(0.6, 10);
    expect(pair?.interval?.lower).toBeLessThan(0.6);
    expect(pair?.interval?.upper).toBeGreaterThan(0.6);
  });

  it("is symmetric in the annotators and reproducible for one seed", () => {
    const labels = pairLabels({ tt: 10, ff: 6, tf: 3, ft: 1 });
    const swapped = labels.map((l) => ({ ...l, annotator: l.annotator === "ana" ? "ben" : "ana" }));
    const a = smeAgreement(labels, { seed: "x", resamples: 300 })[0];
    const b = smeAgreement(swapped, { seed: "x", resamples: 300 })[0];
    expect(a?.kappa).toBeCloseTo(b?.kappa ?? Number.NaN, 10);
    expect(smeAgreement(labels, { seed: "x", resamples: 300 })).toEqual(
      smeAgreement(labels, { seed: "x", resamples: 300 }),
    );
  });

  it("gives one entry per pair of annotators, in name order", () => {
    const labels = [
      ...pairLabels({ tt: 3, ff: 3, tf: 0, ft: 0 }),
      label("cy", "c0", true),
      label("cy", "c3", true),
      label("cy", "c4", false),
    ];
    const pairs = smeAgreement(labels, { seed: "s", resamples: 100 });
    expect(pairs.map((p) => p.annotators)).toEqual([
      ["ana", "ben"],
      ["ana", "cy"],
      ["ben", "cy"],
    ]);
    expect(pairs[0]?.kappa).toBe(1);
    // cy agrees with ana on c0 and c4, not on c3 (ana said false).
    expect(pairs[1]).toMatchObject({ shared: 3, agreed: 2 });
  });

  it("explains why kappa is undefined: no shared items, or one class only", () => {
    const disjoint = smeAgreement([label("ana", "c0", true), label("ben", "c1", false)], { seed: "s" });
    expect(disjoint[0]).toMatchObject({ shared: 0, kappa: null, interval: null, reason: "no shared items" });
    const oneClass = smeAgreement(pairLabels({ tt: 5, ff: 0, tf: 0, ft: 0 }), { seed: "s", resamples: 100 });
    expect(oneClass[0]?.shared).toBe(5);
    expect(oneClass[0]?.agreed).toBe(5);
    expect(oneClass[0]?.kappa).toBeNull();
    expect(oneClass[0]?.reason).toBeTruthy();
  });

  it("returns nothing for a single annotator", () => {
    expect(smeAgreement([label("ana", "c0", true), label("ana", "c1", false)], { seed: "s" })).toEqual([]);
  });
});
