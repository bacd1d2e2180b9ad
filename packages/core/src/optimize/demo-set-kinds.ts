import type { DemoSetKind } from "./mipro-state.ts";
import type { MiproConfig } from "./plan-types.ts";

/**
 * The kinds of the demo-set candidates a run builds, in order, as DSPy's
 * `create_n_fewshot_demo_sets`: the baseline's own demos (none for a fresh program), labeled
 * examples only, an unshuffled bootstrap, then shuffled bootstraps of random size, until there
 * are `numDemoCandidates` sets. Kinds the limits rule out (no labeled or no bootstrapped demos)
 * are skipped.
 *
 * @example
 * demoSetKinds({ ...config, numDemoCandidates: 5 }); // ["baseline", "labeled", "unshuffled", "shuffled", "shuffled"]
 */
export function demoSetKinds(
  config: Pick<MiproConfig, "numDemoCandidates" | "maxBootstrappedDemos" | "maxLabeledDemos">,
): DemoSetKind[] {
  const kinds: DemoSetKind[] = ["baseline"];
  if (config.maxLabeledDemos > 0) kinds.push("labeled");
  if (config.maxBootstrappedDemos > 0) {
    kinds.push("unshuffled");
    while (kinds.length < config.numDemoCandidates) kinds.push("shuffled");
  }
  return kinds.slice(0, Math.max(1, config.numDemoCandidates));
}
