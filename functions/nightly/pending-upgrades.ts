import type { WatchedProgram } from "@judgeloop/core";
import type { NightlyDeps } from "./nightly-deps.ts";

/**
 * Notes on each watched program the upgrade that is still due: `model` for one planned but not
 * started tonight (over the nightly budget, no champion), undefined for one that started. The
 * diff shows a new model on one night only, so without this note a skipped upgrade would never
 * be planned again.
 *
 * @example
 * await notePendingUpgrades(deps, new Map([["support", "openai/gpt-4o-mini-2025-04-01"], ["qa", undefined]]));
 */
export async function notePendingUpgrades(
  deps: NightlyDeps,
  due: ReadonlyMap<string, string | undefined>,
): Promise<void> {
  for (const watched of await deps.registry.watchedPrograms()) {
    if (!due.has(watched.name)) continue;
    const model = due.get(watched.name);
    if (watched.pendingModel === model) continue;
    const { pendingModel: _replaced, ...rest } = watched;
    const next: WatchedProgram = model === undefined ? rest : { ...rest, pendingModel: model };
    await deps.registry.watchProgram(next);
  }
}
