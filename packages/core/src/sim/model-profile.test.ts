import { describe, expect, it } from "vitest";
import { simModelProfile } from "./model-profile.ts";

describe("simModelProfile", () => {
  it("reads strength from the model name", () => {
    const strengths = ["sim/weak", "sim/default", "sim/strong", "sim/gold", "sim/custom@0.35"].map(
      (m) => simModelProfile(m).strength,
    );

    expect(strengths).toEqual([0.2, 0.5, 0.8, 1, 0.35]);
  });

  it("gives weaker judges a lower base agreement and a larger length bias", () => {
    const weak = simModelProfile("sim/weak");
    const strong = simModelProfile("sim/strong");

    expect(weak.judgeBaseAgreement).toBeLessThan(strong.judgeBaseAgreement);
    expect(weak.judgeLengthBias).toBeGreaterThan(strong.judgeLengthBias);
  });

  it("reads the world from a ~world suffix and strength from the rest of the name", () => {
    const profile = simModelProfile("sim/custom@0.35~evidence");

    expect(profile).toMatchObject({ name: "custom@0.35", world: "evidence", strength: 0.35 });
    expect(simModelProfile("sim/strong").world).toBeUndefined();
  });
});
