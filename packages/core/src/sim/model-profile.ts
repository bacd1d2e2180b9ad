/**
 * How capable a simulated model is, read from its name: `sim/weak`, `sim/strong`, `sim/gold`...
 * Strength is in [0, 1]; every simulated behaviour that depends on the model reads this profile.
 * A `~world` suffix picks the simulated world: `sim/strong~evidence`, `sim/judge@0.65~interplay`.
 */
export interface SimModelProfile {
  /** The name after `sim/` (the whole string when there is no prefix), without the world suffix. */
  name: string;
  /** The world the name picks (`sim/gold~evidence` → "evidence"); undefined when it picks none. */
  world: string | undefined;
  strength: number;
  /** Probability that a judge with vague instructions and no demos agrees with the truth. */
  judgeBaseAgreement: number;
  /** How much a long reply raises this judge's chance of saying "pass" regardless of quality. */
  judgeLengthBias: number;
}

const strengthByWord: ReadonlyArray<[RegExp, number]> = [
  [/gold|oracle|expert/, 1],
  [/strong|large|big|pro|smart/, 0.8],
  [/weak|small|mini|tiny|nano|dumb/, 0.2],
];

/**
 * The profile of a simulated model. `sim/<name>@0.65` sets the strength explicitly.
 *
 * @example
 * simModelProfile("sim/weak").strength; // 0.2
 */
export function simModelProfile(model: string): SimModelProfile {
  const { name, world } = splitWorld(model.startsWith("sim/") ? model.slice(4) : model);
  const strength = explicitStrength(name) ?? strengthFromWords(name.toLowerCase());
  return {
    name,
    world,
    strength,
    judgeBaseAgreement: 0.58 + 0.2 * strength,
    judgeLengthBias: 0.3 * (1 - strength) ** 2,
  };
}

/**
 * The world a model name picks with a `~world` suffix, and the name without it.
 *
 * @example
 * splitWorld("strong@0.7~evidence"); // { name: "strong@0.7", world: "evidence" }
 */
export function splitWorld(name: string): { name: string; world: string | undefined } {
  const at = name.lastIndexOf("~");
  return at < 0 ? { name, world: undefined } : { name: name.slice(0, at), world: name.slice(at + 1) };
}

function explicitStrength(name: string): number | undefined {
  const match = /@(0(?:\.\d+)?|1(?:\.0+)?)$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

function strengthFromWords(name: string): number {
  for (const [pattern, strength] of strengthByWord) if (pattern.test(name)) return strength;
  return 0.5;
}
