import { describe, expect, it } from "vitest";
import { Random } from "../util/random.ts";
import { jaccard, NearDuplicateIndex, wordShingles } from "./near-duplicates.ts";

const base =
  "Customer: My bag did not arrive in Denver and nobody at the desk can tell me where it is.\n" +
  "Support: We're sorry to hear that. Please DM us your bag tag number and we'll trace it right away.";

describe("NearDuplicateIndex", () => {
  it("drops a conversation that repeats an earlier one with a word changed", () => {
    const index = new NearDuplicateIndex();
    index.add("a", base);

    const match = index.add("b", base.replace("right away", "right now"));

    expect(match?.key).toBe("a");
    expect(match?.similarity).toBeGreaterThanOrEqual(0.8);
  });

  it("keeps conversations about different questions that share a stock reply", () => {
    const index = new NearDuplicateIndex();
    const reply = "\nSupport: Please DM us your confirmation number and we'll take a look.";
    index.add("a", `Customer: My flight to Boston was cancelled and I need a hotel tonight.${reply}`);

    const match = index.add("b", `Customer: Can I bring my dog in the cabin on a flight to Miami?${reply}`);

    expect(match).toBeNull();
  });

  it("does not index a dropped text, so a third copy matches the first", () => {
    const index = new NearDuplicateIndex();
    index.add("a", base);
    index.add("b", base);

    expect(index.add("c", base)?.key).toBe("a");
  });

  it("follows its threshold", () => {
    const strict = new NearDuplicateIndex({ threshold: 0.99 });
    strict.add("a", base);

    expect(strict.add("b", base.replace("right away", "right now"))).toBeNull();
  });

  it("drops exactly what a pairwise comparison of every text drops", () => {
    const random = new Random("near-duplicates");
    const words = base.split(" ");
    // Texts made from the base by replacing 0 to 16 words: some near-duplicates, some not.
    const texts = Array.from({ length: 200 }, (_, i) => {
      const copy = [...words];
      for (let k = random.int(17); k > 0; k--) copy[random.int(copy.length)] = `w${i}x${k}`;
      return copy.join(" ");
    });
    const index = new NearDuplicateIndex();
    const kept: Set<string>[] = [];

    const dropped = texts.map((text) => index.add(text, text) !== null);
    const expected = texts.map((text) => {
      const shingles = wordShingles(text);
      const duplicate = kept.some((other) => jaccard(shingles, other) >= 0.8);
      if (!duplicate) kept.push(shingles);
      return duplicate;
    });

    expect(dropped).toEqual(expected);
    expect(expected.filter(Boolean).length).toBeGreaterThan(10);
    expect(expected.filter((d) => !d).length).toBeGreaterThan(10);
  });
});

describe("wordShingles and jaccard", () => {
  it("ignores case and punctuation", () => {
    expect(jaccard(wordShingles("My bag is LOST!"), wordShingles("my bag, is lost"))).toBe(1);
  });

  it("is the share of shared word 3-grams", () => {
    expect(jaccard(wordShingles("a b c d"), wordShingles("a b c e"))).toBeCloseTo(1 / 3);
  });
});
