import { describe, expect, it } from "vitest";
import { InMemoryModelRegistry } from "./in-memory-model-registry.ts";
import type { PromotionRecord } from "./model-registry.ts";
import { decidePromotion } from "./promotion.ts";

const decision = decidePromotion([{ id: "a", pass: true }], [{ id: "a", pass: true }], { alpha: 0.05 });
const record = (runId: string, promote = false): PromotionRecord => ({
  program: "support",
  championModel: "openai/gpt-4o-mini-2024-07-18",
  challengerModel: "openai/gpt-4o-mini-2025-06-01",
  runId,
  decision: { ...decision, promote },
  decidedAt: "2025-06-02T03:00:00Z",
});

describe("InMemoryModelRegistry", () => {
  it("registers a model once and keeps when it was first seen", async () => {
    const registry = new InMemoryModelRegistry();
    const model = { provider: "openai", id: "gpt-4o-mini-2025-06-01" };

    await registry.registerModels([model], "2025-06-02T03:00:00Z");
    await registry.registerModels([model], "2025-06-03T03:00:00Z");

    expect(await registry.knownModels()).toEqual([{ ...model, firstSeenAt: "2025-06-02T03:00:00Z" }]);
  });

  it("keeps the first decision recorded for a run", async () => {
    const registry = new InMemoryModelRegistry();

    await registry.recordDecision(record("run-1", false));
    await registry.recordDecision(record("run-1", true));
    await registry.recordDecision(record("run-2", true));

    const decisions = await registry.listDecisions("support");
    expect(decisions.map((d) => [d.runId, d.decision.promote])).toEqual([
      ["run-1", false],
      ["run-2", true],
    ]);
  });

  it("notes the judge model a gold set was scored with, and refuses unknown programs", async () => {
    const judge = { model: "anthropic/claude-haiku-4-5", goldSetId: "gold-1", rescoreBudgetUsd: 1 };
    const registry = new InMemoryModelRegistry({
      watched: [{ name: "support", model: "openai/gpt-4o-mini", runBudgetUsd: 5, judge }],
    });

    await registry.markGoldSetScored("support", "anthropic/claude-haiku-4-5");

    const [watched] = await registry.watchedPrograms();
    expect(watched?.judge?.scoredWithModel).toBe("anthropic/claude-haiku-4-5");
    await expect(registry.markGoldSetScored("other", "x/y")).rejects.toThrow(/not watched/);
  });
});
