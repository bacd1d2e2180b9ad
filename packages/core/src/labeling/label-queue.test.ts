import { describe, expect, it } from "vitest";
import { type LabelQueueInput, labelQueue, liveGate } from "./label-queue.ts";
import { designOrder, inclusionProbabilities, labelDesign } from "./label-queue-design.ts";
import { weightedKappa, weightedKappaInterval } from "./label-queue-estimate.ts";

/** Ids c0..c(n-1) in dataset order. */
function ids(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `c${i}`);
}

function verdictMap(entries: Record<string, boolean>): Map<string, boolean> {
  return new Map(Object.entries(entries));
}

/**
 * Labels and a gate judge with a chosen confusion matrix: tp items both say true, tn both false,
 * fp the judge says true and the SME false, fn the reverse.
 */
function confusionInput(
  cells: { tp: number; tn: number; fp: number; fn: number },
  seed = "s",
): LabelQueueInput & { labels: Map<string, boolean> } {
  const labels = new Map<string, boolean>();
  const judge = new Map<string, boolean>();
  let next = 0;
  const add = (count: number, predicted: boolean, gold: boolean) => {
    for (let i = 0; i < count; i++) {
      const id = `c${next++}`;
      judge.set(id, predicted);
      labels.set(id, gold);
    }
  };
  add(cells.tp, true, true);
  add(cells.tn, false, false);
  add(cells.fp, true, false);
  add(cells.fn, false, true);
  return { itemIds: ids(next), labels, verdicts: new Map([["sim/judge", judge]]), seed, resamples: 400 };
}

describe("labelQueue ordering 'disagreement' (the superseded order, kept for the benchmark)", () => {
  it("puts the conversations the candidate judges split on before the ones they agree on", () => {
    const itemIds = ids(6);
    // c1 and c4: 2-1 splits; the rest unanimous.
    const verdicts = new Map([
      ["a", verdictMap({ c0: true, c1: true, c2: false, c3: true, c4: false, c5: false })],
      ["b", verdictMap({ c0: true, c1: false, c2: false, c3: true, c4: true, c5: false })],
      ["c", verdictMap({ c0: true, c1: true, c2: false, c3: true, c4: false, c5: false })],
    ]);
    const { next } = labelQueue({
      itemIds,
      labels: new Map(),
      verdicts,
      seed: "s",
      resamples: 50,
      ordering: "disagreement",
    });
    expect(next).toHaveLength(6);
    expect(new Set(next.slice(0, 2))).toEqual(new Set(["c1", "c4"]));
    expect(new Set(next.slice(2))).toEqual(new Set(["c0", "c2", "c3", "c5"]));
  });

  it("leaves labelled conversations out of the queue", () => {
    const verdicts = new Map([
      ["a", verdictMap({ c0: true, c1: false, c2: true })],
      ["b", verdictMap({ c0: false, c1: false, c2: true })],
    ]);
    const labels = new Map([["c0", true]]);
    const { next } = labelQueue({
      itemIds: ids(3),
      labels,
      verdicts,
      seed: "s",
      resamples: 50,
      ordering: "disagreement",
    });
    expect(next).not.toContain("c0");
    expect(new Set(next)).toEqual(new Set(["c1", "c2"]));
  });

  it("prefers what the gate judge predicts as the class the labels so far have least of", () => {
    // Labelled so far: c0..c2, all predicted false by the gate judge. Judges agree everywhere,
    // so only the balance term separates the unlabelled items: the predicted-true ones go first.
    const primary = verdictMap({ c0: false, c1: false, c2: false, c3: false, c4: true, c5: false, c6: true });
    const verdicts = new Map([
      ["a", primary],
      ["b", new Map(primary)],
    ]);
    const labels = new Map([
      ["c0", false],
      ["c1", false],
      ["c2", true],
    ]);
    const { next } = labelQueue({
      itemIds: ids(7),
      labels,
      verdicts,
      seed: "s",
      resamples: 50,
      ordering: "disagreement",
    });
    expect(new Set(next.slice(0, 2))).toEqual(new Set(["c4", "c6"]));
  });

  it("ranks a split vote above the balance bonus alone", () => {
    const verdicts = new Map([
      ["a", verdictMap({ c0: false, c1: true, c2: false })],
      ["b", verdictMap({ c0: false, c1: true, c2: true })],
    ]);
    // Labelled c0 is predicted false, so true is the rarer class: c1 gets the bonus (0.5), c2 the split (1).
    const { next } = labelQueue({
      itemIds: ids(3),
      labels: new Map([["c0", false]]),
      verdicts,
      seed: "s",
      ordering: "disagreement",
    });
    expect(next).toEqual(["c2", "c1"]);
  });

  it("keeps dataset order for ordering 'dataset' and for a queue without judges", () => {
    const verdicts = new Map([
      ["a", verdictMap({ c0: true, c1: true, c2: false, c3: true })],
      ["b", verdictMap({ c0: true, c1: false, c2: true, c3: true })],
    ]);
    const labels = new Map([["c1", true]]);
    expect(labelQueue({ itemIds: ids(4), labels, verdicts, seed: "s", ordering: "dataset" }).next).toEqual([
      "c0",
      "c2",
      "c3",
    ]);
    expect(labelQueue({ itemIds: ids(4), labels, verdicts: new Map(), seed: "s" }).next).toEqual(["c0", "c2", "c3"]);
  });

  it("breaks ties by the seed, reproducibly, not by dataset order", () => {
    const itemIds = ids(40);
    const same = Object.fromEntries(itemIds.map((id) => [id, true]));
    const verdicts = new Map([
      ["a", verdictMap(same)],
      ["b", verdictMap(same)],
    ]);
    const run = (seed: string) =>
      labelQueue({ itemIds, labels: new Map(), verdicts, seed, resamples: 50, ordering: "disagreement" }).next;
    expect(run("one")).toEqual(run("one"));
    expect(run("one")).not.toEqual(itemIds);
    expect(run("one")).not.toEqual(run("two"));
    expect([...run("two")].sort()).toEqual([...itemIds].sort());
  });
});

describe("labelQueue ordering 'active' (the default)", () => {
  /** 60 conversations; the three judges split on every third one. */
  function splitInput(): LabelQueueInput {
    const itemIds = ids(60);
    const gate = new Map(itemIds.map((id, i) => [id, i % 2 === 0]));
    const other = new Map(itemIds.map((id, i) => [id, i % 3 === 0 ? i % 2 !== 0 : i % 2 === 0]));
    return {
      itemIds,
      labels: new Map(),
      verdicts: new Map([
        ["gate", gate],
        ["other", other],
      ]),
      seed: "set-1",
      resamples: 200,
    };
  }

  it("serves the design's order, and the same order minus what was labelled after each label", () => {
    const input = splitInput();
    const first = labelQueue(input).next;
    expect(first).toEqual(designOrder(labelDesign(input.itemIds, input.verdicts, "set-1"), input.itemIds));
    const labels = new Map([[first[0] as string, true]]);
    expect(labelQueue({ ...input, labels }).next).toEqual(first.slice(1));
    expect(labelQueue({ ...input, seed: "set-2" }).next).not.toEqual(first);
  });

  it("weights the live kappa by 1/π, so it differs from plain kappa on the same labels", () => {
    const input = splitInput();
    const order = labelQueue(input).next;
    const labelled = order.slice(0, 24);
    // The SME agrees with the gate judge except on split votes: the judge's mistakes are where the judges split.
    const gate = input.verdicts.get("gate") as ReadonlyMap<string, boolean>;
    const split = (id: string) => gate.get(id) !== input.verdicts.get("other")?.get(id);
    const labels = new Map(labelled.map((id) => [id, split(id) ? !gate.get(id) : (gate.get(id) as boolean)]));
    const weighted = liveGate({ ...input, labels }, 36);
    const plain = liveGate({ ...input, labels, ordering: "dataset" }, 36);
    const pi = inclusionProbabilities(labelDesign(input.itemIds, input.verdicts, "set-1"), labelled, order.slice(24));
    const pairs = labelled.map((id) => ({
      predicted: gate.get(id) as boolean,
      gold: labels.get(id) as boolean,
      weight: 1 / (pi.get(id) as number),
    }));
    expect(weighted.weighted).toBe(true);
    expect(plain.weighted).toBe(false);
    expect(weighted.kappa).toBe(weightedKappa(pairs));
    expect(weighted.interval).toEqual(weightedKappaInterval(pairs, { seed: "set-1", resamples: 200 }));
    // Split votes are over-sampled and down-weighted: the weighted kappa is higher than the plain one.
    expect(weighted.kappa as number).toBeGreaterThan((plain.kappa as number) + 0.05);
    expect(weighted.effectiveN).toBeLessThan(24);
    expect(plain.effectiveN).toBeCloseTo(24, 9);
    expect(weighted.message).toContain(
      `(weighted for the queue's order: the 24 labels count as about ${Math.round(weighted.effectiveN)})`,
    );
    expect(plain.message).not.toContain("weighted");
  });

  it("projects the labels still needed from the weighted kappa and lower bound", () => {
    const input = splitInput();
    const order = labelQueue(input).next;
    const gate = input.verdicts.get("gate") as ReadonlyMap<string, boolean>;
    // Mostly agreeing labels, with two disagreements: kappa high but the interval wide.
    const labels = new Map(order.slice(0, 20).map((id, k) => [id, k < 2 ? !gate.get(id) : (gate.get(id) as boolean)]));
    const { kappa, interval } = liveGate({ ...input, labels }, 40);
    if (kappa === null || interval === null) throw new Error("expected a defined kappa and interval");
    // A threshold between the lower bound and kappa: fails now, expected to clear with more labels.
    const threshold = (kappa + interval.lower) / 2;
    const result = liveGate({ ...input, labels, threshold }, 40);
    expect(result.verdict).toBe("fails");
    const expected = Math.max(1, Math.ceil(20 * ((kappa - interval.lower) / (kappa - threshold)) ** 2) - 20);
    expect(expected).toBe(60);
    expect(result.moreLabels).toBe(expected);
    expect(result.message).toContain(
      `kappa ${kappa.toFixed(2)} [${interval.lower.toFixed(2)}, ${interval.upper.toFixed(2)}]`,
    );
    expect(result.message).toContain("more than the 40 left");
  });
});

describe("liveGate", () => {
  it("computes the gate judge's kappa from the labels it has a verdict on", () => {
    // po = 16/20 = 0.8, pe = 0.5·0.5 + 0.5·0.5 = 0.5, kappa = (0.8 − 0.5)/0.5 = 0.6.
    const input = confusionInput({ tp: 8, tn: 8, fp: 2, fn: 2 });
    input.labels.set("unjudged", true);
    const gate = liveGate(input, 10);
    expect(gate.judge).toBe("sim/judge");
    expect(gate.n).toBe(20);
    expect(gate.kappa).toBeCloseTo(0.6, 10);
    expect(gate.interval).not.toBeNull();
    expect(gate.interval?.lower).toBeLessThan(0.6);
    expect(gate.interval?.upper).toBeGreaterThan(0.6);
  });

  it("fails below the threshold and projects the labels needed as n·((κ − lower)/(κ − threshold))² − n", () => {
    const input = confusionInput({ tp: 8, tn: 8, fp: 2, fn: 2 });
    const gate = liveGate(input, 500);
    const lower = gate.interval?.lower ?? Number.NaN;
    expect(lower).toBeLessThan(0.4);
    expect(gate.verdict).toBe("fails");
    const expected = Math.max(1, Math.ceil(20 * ((0.6 - lower) / (0.6 - 0.4)) ** 2) - 20);
    expect(gate.moreLabels).toBe(expected);
    expect(gate.moreLabels).toBeGreaterThan(0);
    expect(gate.message).toContain(`about ${expected} more labels expected to clear it`);
    expect(gate.message).not.toContain("more than the");
  });

  it("says when the projection exceeds the conversations left", () => {
    const gate = liveGate(confusionInput({ tp: 8, tn: 8, fp: 2, fn: 2 }), 1);
    expect(gate.moreLabels).toBeGreaterThan(1);
    expect(gate.message).toContain("more than the 1 left");
  });

  it("passes with moreLabels 0 once the lower bound clears the threshold", () => {
    const gate = liveGate(confusionInput({ tp: 40, tn: 40, fp: 2, fn: 2 }), 0);
    expect(gate.kappa).toBeCloseTo(1 - 4 / 84 / 0.5, 10);
    expect(gate.interval?.lower).toBeGreaterThanOrEqual(0.4);
    expect(gate.verdict).toBe("passes");
    expect(gate.moreLabels).toBe(0);
    expect(gate.message).toContain("clears the gate's 0.4");
  });

  it("honours a custom threshold", () => {
    const input = { ...confusionInput({ tp: 40, tn: 40, fp: 2, fn: 2 }), threshold: 0.99 };
    const gate = liveGate(input, 0);
    expect(gate.threshold).toBe(0.99);
    expect(gate.verdict).toBe("fails");
    // kappa (~0.90) is under the threshold: more labels cannot be expected to clear it.
    expect(gate.moreLabels).toBeNull();
    expect(gate.message).toContain("not expected to clear it");
  });

  it("gives no projection when kappa is at chance", () => {
    // po = 0.5, pe = 0.5: kappa 0.
    const gate = liveGate(confusionInput({ tp: 5, tn: 5, fp: 5, fn: 5 }), 10);
    expect(gate.kappa).toBeCloseTo(0, 10);
    expect(gate.verdict).toBe("fails");
    expect(gate.moreLabels).toBeNull();
  });

  it("fails with an explanation when no judge verdicts exist or kappa is undefined", () => {
    const none = liveGate({ itemIds: ids(2), labels: new Map([["c0", true]]), verdicts: new Map(), seed: "s" }, 1);
    expect(none).toMatchObject({ judge: null, kappa: null, verdict: "fails", moreLabels: null });
    expect(none.message).toContain("no judge verdicts");
    const oneClass = liveGate(confusionInput({ tp: 6, tn: 0, fp: 0, fn: 0 }), 3);
    expect(oneClass.verdict).toBe("fails");
    expect(oneClass.message).toContain("kappa not defined yet");
  });
});
