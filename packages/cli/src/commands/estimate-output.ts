import { type BudgetPlan, type BudgetRefusal, type RunEstimate, stageShares } from "@judgeloop/core";
import { info, printJson } from "../output.ts";

/**
 * `pipeline --estimate`: the planned work per stage and, for a run with a cap, whether it fits
 * (and what `--fit-budget` scaled). With `--json`, the estimate plus `budget` when capped.
 *
 * @example
 * printPlan(await planPipelineBudget(input), true, flags.json === true);
 */
export function printPlan(plan: Pick<BudgetPlan, "input" | "estimate" | "refusal">, capped: boolean, json: boolean) {
  const { capUsd, maxCalls } = plan.input.config.budget;
  const budget = {
    ...(capUsd !== undefined && { capUsd }),
    ...(maxCalls !== undefined && { maxCalls }),
    fits: plan.refusal === undefined,
    ...(plan.input.budgetFit && { budgetFit: plan.input.budgetFit }),
  };
  if (json) return printJson({ ...plan.estimate, ...(capped && { budget }) });
  const lines = ["", "Planned work (upper bounds; nothing was called):", ...estimateLines(plan.estimate)];
  if (capped) lines.push(...budgetLines(plan, capUsd, maxCalls));
  info(lines.join("\n"), false);
}

/**
 * A run refused over its cap: the estimate per stage and the cap, before the one-line reason
 * (on stderr; with `--json`, `{status: "refused", reason, capUsd, maxCalls, stages, estimate}` on stdout).
 *
 * @example
 * if (error instanceof BudgetRefusedError) printRefusal(error.refusal, json);
 */
export function printRefusal(refusal: BudgetRefusal, json: boolean): void {
  if (json) {
    const { message, ...caps } = refusal;
    printJson({ status: "refused", reason: message, ...caps, stages: stageShares(refusal.estimate) });
    return;
  }
  const cap = [
    refusal.capUsd !== undefined && `$${refusal.capUsd}`,
    refusal.maxCalls !== undefined && `${refusal.maxCalls} calls`,
  ]
    .filter(Boolean)
    .join(", ");
  const lines = ["Refused before any LM call (upper bounds per stage):", ...estimateLines(refusal.estimate)];
  lines.push(`  cap: ${cap}`);
  info(lines.join("\n"), true);
}

function estimateLines(estimate: RunEstimate): string[] {
  const lines: string[] = [];
  for (const part of estimate.parts) {
    const cost = part.costUsd === undefined ? "price unknown" : `$${part.costUsd.toFixed(4)}`;
    lines.push(`  ${part.stage.padEnd(20)} ${part.model.padEnd(34)} ${String(part.calls).padStart(7)} calls  ${cost}`);
  }
  const total = estimate.total;
  const cost =
    total.costUsd === undefined
      ? `unknown (no price for ${total.unpricedModels.join(", ")})`
      : `$${total.costUsd.toFixed(4)}`;
  lines.push(
    `  total: ${total.calls} calls, ${total.inputTokens} input + ${total.outputTokens} output tokens, ${cost}`,
  );
  return lines;
}

function budgetLines(plan: Pick<BudgetPlan, "input" | "refusal">, capUsd?: number, maxCalls?: number): string[] {
  const cap = [capUsd !== undefined && `$${capUsd}`, maxCalls !== undefined && `${maxCalls} calls`].filter(Boolean);
  if (plan.refusal) return [`  cap ${cap.join(", ")}: ABOVE IT, so the run would be refused: ${plan.refusal.message}`];
  const fit = plan.input.budgetFit;
  if (!fit) return [`  cap ${cap.join(", ")}: fits`];
  const scaled = Object.entries(fit.scaled).map(([key, size]) => `${key} ${size.from} → ${size.to}`);
  return [`  cap ${cap.join(", ")}: fits after --fit-budget scaled ${scaled.join(", ")}`];
}
