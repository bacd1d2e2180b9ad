import { JudgeloopError } from "../errors.ts";
import type { SimWorld } from "./sim-world.ts";
import { briskWorld } from "./worlds/brisk-world.ts";
import { defaultWorld } from "./worlds/default-world.ts";
import { evidenceWorld } from "./worlds/evidence-world.ts";
import { interplayWorld } from "./worlds/interplay-world.ts";

/** `brisk` is a tuning world: optimizer defaults are chosen on it, then reported on every world. */
const registry: readonly SimWorld[] = [defaultWorld, evidenceWorld, interplayWorld, briskWorld];

/**
 * Every simulated world, `default` first: for benchmarks that tune on some and report on all.
 *
 * @example
 * for (const world of simWorlds()) console.log(world.name, world.about);
 */
export function simWorlds(): readonly SimWorld[] {
  return registry;
}

/**
 * The names of the simulated worlds.
 *
 * @example
 * simWorldNames(); // ["default", "evidence", "interplay", "brisk"]
 */
export function simWorldNames(): string[] {
  return registry.map((w) => w.name);
}

/**
 * The world called `name`; an unknown name is an error that lists the worlds.
 *
 * @example
 * simWorld("interplay").unnameable; // ["signed"]
 */
export function simWorld(name: string = defaultWorld.name): SimWorld {
  const world = registry.find((w) => w.name === name);
  if (world) return world;
  throw new JudgeloopError(
    "unknown_world",
    `unknown simulated world "${name}": the worlds are ${simWorldNames().join(", ")}`,
  );
}
