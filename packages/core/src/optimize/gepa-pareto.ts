import type { Random } from "../util/random.ts";
import type { GepaCandidate } from "./gepa-state.ts";

/** Per Pareto-set example: the best score any candidate reached and the candidates that reached it. */
export interface FrontierEntry {
  exampleIndex: number;
  best: number | null;
  leaders: string[];
}

/**
 * The Pareto frontier over per-example scores: for each example, the candidates with the
 * highest score on it. An example no candidate scored (all excluded) has no leaders.
 *
 * @example
 * paretoFrontier(state.candidates)[0]; // { exampleIndex: 0, best: 1, leaders: ["c0", "c2"] }
 */
export function paretoFrontier(candidates: readonly GepaCandidate[]): FrontierEntry[] {
  const size = Math.max(0, ...candidates.map((c) => c.valScores.length));
  return Array.from({ length: size }, (_, exampleIndex) => {
    let best: number | null = null;
    for (const c of candidates) {
      const score = c.valScores[exampleIndex] ?? null;
      if (score !== null && (best === null || score > best)) best = score;
    }
    const leaders = best === null ? [] : candidates.filter((c) => c.valScores[exampleIndex] === best).map((c) => c.id);
    return { exampleIndex, best, leaders };
  });
}

/**
 * Candidates left after removing the dominated ones: a candidate is dominated when every
 * example it leads is also led by another remaining candidate (so it adds nothing to the
 * frontier). The worst candidates are considered first, as GEPA does.
 *
 * @example
 * nonDominated(paretoFrontier(candidates), candidates); // ["c0", "c3"]
 */
export function nonDominated(frontier: readonly FrontierEntry[], candidates: readonly GepaCandidate[]): string[] {
  const leads = new Map<string, Set<number>>();
  for (const entry of frontier) {
    for (const id of entry.leaders) leads.set(id, (leads.get(id) ?? new Set()).add(entry.exampleIndex));
  }
  const order = candidates
    .filter((c) => leads.has(c.id))
    .sort((a, b) => (a.score ?? -1) - (b.score ?? -1) || (leads.get(a.id)?.size ?? 0) - (leads.get(b.id)?.size ?? 0));
  const kept = new Set(order.map((c) => c.id));
  for (const candidate of order) {
    const mine = leads.get(candidate.id) ?? new Set<number>();
    const others = [...kept].filter((id) => id !== candidate.id);
    const covered = [...mine].every((example) => others.some((id) => leads.get(id)?.has(example)));
    if (covered && others.length > 0) kept.delete(candidate.id);
  }
  return candidates.filter((c) => kept.has(c.id)).map((c) => c.id);
}

/**
 * A parent for the next reflection: drawn from the non-dominated candidates with probability
 * proportional to the number of examples each leads (GEPA's Pareto candidate selection), or
 * the candidate with the best mean (`current_best`). Falls back to the baseline.
 *
 * @example
 * selectParent(state.candidates, "pareto", rng); // "c2"
 */
export function selectParent(
  candidates: readonly GepaCandidate[],
  strategy: "pareto" | "current_best",
  rng: Random,
): string {
  const fallback = candidates[0]?.id ?? "c0";
  if (strategy === "current_best") return bestCandidate(candidates)?.id ?? fallback;
  const frontier = paretoFrontier(candidates);
  const pool = nonDominated(frontier, candidates);
  const weights = pool.map((id) => frontier.filter((e) => e.leaders.includes(id)).length);
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) return fallback;
  let draw = rng.next() * total;
  for (const [i, id] of pool.entries()) {
    draw -= weights[i] ?? 0;
    if (draw < 0) return id;
  }
  return pool.at(-1) ?? fallback;
}

/**
 * The candidate with the best mean on the examples every candidate has a score for (so all are
 * compared on the same examples); the earliest wins ties, so the baseline is kept unless beaten.
 *
 * @example
 * bestCandidate(state.candidates)?.id;
 */
export function bestCandidate(candidates: readonly GepaCandidate[]): GepaCandidate | undefined {
  const size = Math.max(0, ...candidates.map((c) => c.valScores.length));
  const common = Array.from({ length: size }, (_, i) => i).filter((i) =>
    candidates.every((c) => (c.valScores[i] ?? null) !== null),
  );
  const meanOf = (c: GepaCandidate) =>
    common.length === 0 ? (c.score ?? -1) : common.reduce((s, i) => s + (c.valScores[i] ?? 0), 0) / common.length;
  let best: GepaCandidate | undefined;
  for (const c of candidates) if (best === undefined || meanOf(c) > meanOf(best)) best = c;
  return best;
}
