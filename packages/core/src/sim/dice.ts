import { Random } from "../util/random.ts";

/**
 * Seeded decisions for one simulated call. Each decision has a label; its draw comes either
 * from the stable seed (model + messages: what the model "believes") or from the sample seed
 * (+ temperature + rollout id: sampling noise). Higher temperature sends more decisions to the
 * sample seed, so repeated calls flip more often, while the same request always answers the same.
 *
 * @example
 * const dice = new Dice("stable-seed", "sample-seed", 0.7);
 * dice.chance("include-empathy", 0.8);
 */
export class Dice {
  private readonly volatility: number;

  constructor(
    private readonly stableSeed: string,
    private readonly sampleSeed: string,
    temperature: number,
  ) {
    this.volatility = volatilityAt(temperature);
  }

  /** A uniform draw in [0, 1) for the decision `label`. */
  draw(label: string): number {
    return this.random(label).next();
  }

  chance(label: string, probability: number): boolean {
    return this.draw(label) < probability;
  }

  pick<T>(label: string, items: readonly T[]): T {
    return this.random(label).pick(items);
  }

  /** A generator driven by sampling noise alone: for outputs that should vary across rollouts. */
  sampled(label: string): Random {
    return new Random(`${this.sampleSeed}/${label}`);
  }

  /** A generator for a sequence of choices that belong to one decision. */
  random(label: string): Random {
    const sample = new Random(`${this.sampleSeed}/${label}`);
    return sample.next() < this.volatility ? sample : new Random(`${this.stableSeed}/${label}`);
  }
}

/**
 * Share of decisions that depend on sampling noise: 5% at temperature 0, 60% from 1 up.
 *
 * @example
 * volatilityAt(0.5); // 0.325
 */
export function volatilityAt(temperature: number): number {
  return 0.05 + 0.55 * Math.min(1, Math.max(0, temperature));
}
