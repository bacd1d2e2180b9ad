/** Random search's order of candidates: MIPRO's baseline, then random untried combinations of its candidates. */
import type { MiproState, Params } from "@judgeloop/core";
import { paramSpace } from "../../packages/core/src/optimize/candidates.ts";
import { choiceKey } from "../../packages/core/src/optimize/tpe.ts";
import { Random } from "../../packages/core/src/util/random.ts";

/**
 * The baseline combination, then every other combination once, in a seeded random order.
 *
 * @example
 * for (const params of randomCombinations(state, 1)) ...
 */
export function* randomCombinations(state: MiproState, seed: number): Generator<Params> {
  const rng = new Random(`bench/random-search/${seed}`);
  const space = paramSpace(state);
  const names = Object.keys(space);
  const total = names.reduce((n, name) => n * (space[name] ?? 1), 1);
  const tried = new Set<string>();
  let params: Params = Object.fromEntries(names.map((name) => [name, 0]));
  while (tried.size < total) {
    tried.add(choiceKey(params));
    yield params;
    if (tried.size === total) return;
    do params = Object.fromEntries(names.map((name) => [name, rng.int(space[name] ?? 1)]));
    while (tried.has(choiceKey(params)));
  }
}
