import { describe, expect, it } from "vitest";
import type { Label } from "../data/labels.ts";
import { smeAgreementOf } from "./stage-label.ts";

const label = (annotator: string, id: string, satisfied: boolean): Label => ({
  conversation_id: id,
  satisfied,
  critique: "",
  annotator,
});

describe("smeAgreementOf", () => {
  it("computes Cohen's kappa between two SMEs on the conversations both labelled", () => {
    // 10 shared conversations, 5 satisfied for each SME; they differ on c1 and c6, so observed
    // agreement is 8/10, chance agreement 0.5·0.5 + 0.5·0.5 = 0.5, and kappa (0.8 − 0.5) / 0.5 = 0.6.
    const ids = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const ana = ids.map((id, i) => label("ana", id, i < 5));
    const ben = ids.map((id, i) => label("ben", id, i === 1 ? false : i === 6 ? true : i < 5));
    // ben also labelled two conversations ana did not: they are not shared.
    const extra = [label("ben", "x1", true), label("ben", "x2", false)];

    const agreement = smeAgreementOf([...ana, ...ben, ...extra], "seed-1");

    expect(agreement?.annotators).toEqual(["ana", "ben"]);
    expect(agreement?.sharedItems).toBe(10);
    const [pair] = agreement?.pairs ?? [];
    expect(pair).toMatchObject({ annotators: ["ana", "ben"], shared: 10, agreed: 8 });
    expect(pair?.kappa).toBeCloseTo(0.6, 10);
    expect(pair?.interval?.lower).toBeLessThan(0.6);
    expect(pair?.interval?.upper).toBeGreaterThan(0.6);
    expect(pair?.interval?.upper).toBeLessThanOrEqual(1);
  });

  it("is absent with fewer than two annotators, and names why kappa is undefined without shared items", () => {
    expect(smeAgreementOf([label("ana", "c1", true), label("ana", "c2", false)], "s")).toBeUndefined();
    expect(smeAgreementOf([], "s")).toBeUndefined();
    const apart = smeAgreementOf([label("ana", "c1", true), label("ben", "c2", false)], "s");
    expect(apart?.sharedItems).toBe(0);
    expect(apart?.pairs[0]).toMatchObject({ shared: 0, kappa: null, interval: null, reason: "no shared items" });
  });
});
