import type { Random } from "../util/random.ts";
import { nonDominated, paretoFrontier } from "./gepa-pareto.ts";
import type { GepaCandidate } from "./gepa-state.ts";

/** A merge to try: two frontier programs, their common ancestor, the merged instructions. */
export interface MergePlan {
  parents: [string, string];
  ancestor: string;
  instructions: Record<string, string>;
  /** Which candidate each predictor's instruction came from. */
  sources: Record<string, string>;
}

/**
 * GEPA's system-aware merge: two non-dominated candidates that descend from a common ancestor
 * (no better than either) and changed different predictors are combined predictor by predictor:
 * where only one of them changed a predictor, its instruction is taken; where both did, the
 * better-scoring parent's. A pair is tried once, and only when the merge differs from both parents.
 *
 * @example
 * planMerge(state.candidates, new Set(state.mergedPairs), rng)?.instructions;
 */
export function planMerge(
  candidates: readonly GepaCandidate[],
  tried: ReadonlySet<string>,
  rng: Random,
): MergePlan | undefined {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const pool = nonDominated(paretoFrontier(candidates), candidates);
  const pairs: [string, string][] = [];
  for (const [i, a] of pool.entries()) for (const b of pool.slice(i + 1)) pairs.push([a, b]);
  for (const [a, b] of rng.shuffle(pairs)) {
    if (tried.has(pairKey(a, b))) continue;
    const first = byId.get(a);
    const second = byId.get(b);
    if (!first || !second) continue;
    const plan = mergeOf(first, second, byId);
    if (plan) return plan;
  }
  return undefined;
}

/**
 * The key of an unordered candidate pair.
 *
 * @example
 * pairKey("c3", "c1"); // "c1|c3"
 */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function mergeOf(a: GepaCandidate, b: GepaCandidate, byId: Map<string, GepaCandidate>): MergePlan | undefined {
  const common = [...ancestors(a, byId)].filter((id) => ancestors(b, byId).has(id) && id !== a.id && id !== b.id);
  const usable = common
    .map((id) => byId.get(id))
    .filter((c): c is GepaCandidate => c !== undefined && (c.score ?? 0) <= Math.min(a.score ?? 0, b.score ?? 0));
  for (const ancestor of usable) {
    const instructions: Record<string, string> = {};
    const sources: Record<string, string> = {};
    for (const [name, base] of Object.entries(ancestor.instructions)) {
      const fromA = a.instructions[name] ?? base;
      const fromB = b.instructions[name] ?? base;
      const pick = fromA === base ? b : fromB === base ? a : (a.score ?? 0) >= (b.score ?? 0) ? a : b;
      instructions[name] = pick.instructions[name] ?? base;
      sources[name] = pick.id;
    }
    const differs = (c: GepaCandidate) => Object.entries(instructions).some(([n, t]) => c.instructions[n] !== t);
    if (differs(a) && differs(b)) return { parents: [a.id, b.id], ancestor: ancestor.id, instructions, sources };
  }
  return undefined;
}

function ancestors(candidate: GepaCandidate, byId: Map<string, GepaCandidate>): Set<string> {
  const seen = new Set<string>();
  const stack = [...candidate.parents];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(byId.get(id)?.parents ?? []));
  }
  return seen;
}
