/**
 * How deep parsed user JSON (dataset rows, saved programs, model answers) may nest. Far beyond
 * any real file, yet shallow enough for the recursive walkers downstream (JSON.stringify,
 * structuredClone, canonicalJson), which overflow the stack some thousands of levels down.
 */
export const maxJsonDepth = 256;

/**
 * True when `value` holds arrays or objects nested more than `limit` levels deep. It walks
 * with its own stack, so a value nested 100,000 levels cannot overflow it.
 *
 * @example
 * nestsDeeperThan(JSON.parse("[[[1]]]"), 2); // true
 * nestsDeeperThan({ a: { b: 1 } }, 2); // false
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.value === null || typeof next.value !== "object") continue;
    if (next.depth >= limit) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}
