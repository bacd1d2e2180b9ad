import { judgeGate } from "../optimize/judge-gate.ts";
import { requireOutput, type StageContext } from "./stage-context.ts";
import type { GateOutput } from "./stage-outputs.ts";

/**
 * Stage `gate`: the optimized judge may serve as the generator's metric only when the lower
 * bound of its validation kappa's interval reaches the configured threshold (judgeGate).
 * `--force` lets a judge that fails through, and the verdict records it.
 *
 * @example
 * const gate = await gateStage(ctx);
 * if (!gate.allowed) ctx.note(gate.reason);
 */
export async function gateStage(ctx: StageContext): Promise<GateOutput> {
  const { validation } = requireOutput(ctx, "judge-optimize");
  const gate = judgeGate(validation, { threshold: ctx.input.config.gate.kappaLowerThreshold, force: ctx.input.force });
  ctx.note(`gate ${gate.allowed ? (gate.forced ? "forced" : "passed") : "failed"}: ${gate.reason}`);
  return gate;
}
