import { JudgeloopError } from "../errors.ts";
import type { ListedModel, ModelRegistry, PromotionRecord, RegisteredModel, WatchedProgram } from "./model-registry.ts";

const modelKey = (model: { provider: string; id: string }) => `${model.provider}/${model.id}`;

/**
 * A ModelRegistry in Maps, for tests and local nightly runs. Values go in and out as copies,
 * so a caller mutating what it passed or got back changes nothing stored.
 *
 * @example
 * const registry = new InMemoryModelRegistry({ watched: [{ name: "support", model: "openai/gpt-4o-mini", runBudgetUsd: 5 }] });
 * await registry.registerModels([{ provider: "openai", id: "gpt-4o-mini-2024-07-18" }], "2025-01-01T00:00:00Z");
 */
export class InMemoryModelRegistry implements ModelRegistry {
  private readonly models = new Map<string, RegisteredModel>();
  private readonly watched: WatchedProgram[];
  private readonly decisions = new Map<string, PromotionRecord>();

  constructor(options: { known?: readonly RegisteredModel[]; watched?: readonly WatchedProgram[] } = {}) {
    for (const model of options.known ?? []) this.models.set(modelKey(model), structuredClone(model));
    this.watched = structuredClone([...(options.watched ?? [])]);
  }

  async knownModels(): Promise<RegisteredModel[]> {
    return structuredClone([...this.models.values()]);
  }

  async registerModels(models: readonly ListedModel[], seenAt: string): Promise<void> {
    for (const model of models) {
      const key = modelKey(model);
      if (!this.models.has(key)) this.models.set(key, structuredClone({ ...model, firstSeenAt: seenAt }));
    }
  }

  async watchedPrograms(): Promise<WatchedProgram[]> {
    return structuredClone(this.watched);
  }

  async markGoldSetScored(program: string, judgeModel: string): Promise<void> {
    const index = this.watched.findIndex((watched) => watched.name === program);
    const watched = this.watched[index];
    if (!watched?.judge) {
      throw new JudgeloopError("unknown_program", `program "${program}" is not watched or has no judge`);
    }
    this.watched[index] = { ...watched, judge: { ...watched.judge, scoredWithModel: judgeModel } };
  }

  async recordDecision(record: PromotionRecord): Promise<void> {
    const key = `${record.program}\u0000${record.runId}`;
    if (!this.decisions.has(key)) this.decisions.set(key, structuredClone(record));
  }

  async listDecisions(program: string): Promise<PromotionRecord[]> {
    return structuredClone([...this.decisions.values()].filter((record) => record.program === program));
  }
}
