import { DynamoModelRegistry } from "@judgeloop/aws";
import type { PromotionRecord } from "@judgeloop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsStack, startAwsStack } from "./support/aws-stack.ts";

let stack: AwsStack;

beforeAll(async () => {
  stack = await startAwsStack();
});

afterAll(async () => {
  await stack?.stop();
});

function decision(runId: string, promote: boolean, decidedAt: string): PromotionRecord {
  const numbers = { n: 10, championPasses: 5, challengerPasses: 9, b: 0, c: 4, pValue: 0.125, alpha: 0.05 };
  return {
    program: "support",
    championModel: "openai/gpt-4o-mini-2024-07-18",
    challengerModel: "openai/gpt-4o-mini-2025-04-01",
    runId,
    decision: {
      promote,
      reason: promote ? "promoted" : "kept",
      ...numbers,
      unmatched: { championOnly: 0, challengerOnly: 0 },
    },
    decidedAt,
  };
}

describe("DynamoModelRegistry", () => {
  it("registers a model once: a second night keeps its first-seen time", async () => {
    // Prepare
    const registry = new DynamoModelRegistry(stack.clients.dynamodb, { tableName: stack.tableName });
    const model = { provider: "openai", id: "gpt-4o-mini-2024-07-18", createdAt: "2024-07-18T00:00:00.000Z" };

    // Act
    await registry.registerModels([model], "2025-01-01T03:00:00.000Z");
    await registry.registerModels(
      [model, { provider: "anthropic", id: "claude-haiku-4-5" }],
      "2025-01-02T03:00:00.000Z",
    );

    // Assess
    const known = await registry.knownModels();
    expect(known.find((m) => m.id === model.id)).toEqual({ ...model, firstSeenAt: "2025-01-01T03:00:00.000Z" });
    expect(known.map((m) => `${m.provider}/${m.id}`).sort()).toEqual([
      "anthropic/claude-haiku-4-5",
      "openai/gpt-4o-mini-2024-07-18",
    ]);
  });

  it("keeps the first decision of a run, lists decisions oldest first, and marks a gold set scored", async () => {
    // Prepare
    const registry = new DynamoModelRegistry(stack.clients.dynamodb, { tableName: stack.tableName });
    const judge = { model: "anthropic/claude-haiku-4-5", goldSetId: "gold-1", rescoreBudgetUsd: 1 };
    await registry.watchProgram({ name: "support", model: "openai/gpt-4o-mini-2024-07-18", runBudgetUsd: 2, judge });

    // Act
    await registry.recordDecision(decision("run-b", false, "2025-01-03T03:00:00.000Z"));
    await registry.recordDecision(decision("run-a", false, "2025-01-02T03:00:00.000Z"));
    await registry.recordDecision(decision("run-a", true, "2025-01-04T03:00:00.000Z"));
    await registry.markGoldSetScored("support", "anthropic/claude-haiku-4-5");

    // Assess
    const decisions = await registry.listDecisions("support");
    expect(decisions.map((d) => [d.runId, d.decision.promote])).toEqual([
      ["run-a", false],
      ["run-b", false],
    ]);
    expect((await registry.watchedPrograms())[0]?.judge?.scoredWithModel).toBe("anthropic/claude-haiku-4-5");
    await expect(registry.markGoldSetScored("unknown", "x/y")).rejects.toThrow(/not watched/);
  });
});
