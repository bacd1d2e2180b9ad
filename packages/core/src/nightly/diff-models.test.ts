import { describe, expect, it } from "vitest";
import { diffModels, newestFirst } from "./diff-models.ts";
import type { ListedModel, RegisteredModel } from "./model-registry.ts";

const seen = "2025-01-01T03:00:00Z";
const registered = (provider: string, id: string): RegisteredModel => ({ provider, id, firstSeenAt: seen });
const listed = (provider: string, id: string, createdAt?: string): ListedModel => ({ provider, id, createdAt });

describe("diffModels", () => {
  it("groups the models the registry has not seen by provider and family, newest first", () => {
    const registry = [
      registered("openai", "gpt-4o-mini-2024-07-18"),
      registered("anthropic", "claude-haiku-4-5-20251001"),
    ];
    const tonight = [
      listed("openai", "gpt-4o-mini-2024-07-18"),
      listed("openai", "gpt-4o-mini-2025-03-01"),
      listed("openai", "gpt-4o-mini-2025-06-01"),
      listed("anthropic", "claude-haiku-4-5-20251001"),
      listed("anthropic", "claude-opus-5-20260101"),
    ];

    const diff = diffModels(registry, tonight);

    expect(diff.added.map((m) => m.id)).toEqual([
      "claude-opus-5-20260101",
      "gpt-4o-mini-2025-03-01",
      "gpt-4o-mini-2025-06-01",
    ]);
    expect(diff.families).toEqual([
      { provider: "anthropic", family: "claude-opus-5", added: [tonight[4]], known: [] },
      {
        provider: "openai",
        family: "gpt-4o-mini",
        added: [tonight[2], tonight[1]],
        known: ["gpt-4o-mini-2024-07-18"],
      },
    ]);
  });

  it("reports registered models a listed provider dropped, but not those of a provider that did not answer", () => {
    const registry = [registered("openai", "gpt-4-0613"), registered("gemini", "gemini-1.0-pro")];
    const tonight = [listed("openai", "gpt-4o-2024-08-06")];

    const diff = diffModels(registry, tonight);

    expect(diff.missing.map((m) => m.id)).toEqual(["gpt-4-0613"]);
  });

  it("counts a model listed twice once and finds nothing new when the registry knows everything", () => {
    const registry = [registered("gemini", "gemini-2.5-flash")];
    const tonight = [listed("gemini", "gemini-2.5-flash"), listed("gemini", "gemini-2.5-flash")];

    const diff = diffModels(registry, tonight);

    expect(diff).toEqual({ added: [], families: [], missing: [] });
  });
});

describe("newestFirst", () => {
  it("orders versions without a year by creation time", () => {
    const models = [
      listed("openai", "gpt-3.5-turbo-1106", "2023-11-02T00:00:00Z"),
      listed("openai", "gpt-3.5-turbo-0125", "2024-01-23T00:00:00Z"),
    ];

    const ordered = newestFirst(models).map((m) => m.id);

    expect(ordered).toEqual(["gpt-3.5-turbo-0125", "gpt-3.5-turbo-1106"]);
  });

  it("falls back to id descending where nothing orders two versions", () => {
    const models = [listed("gemini", "gemini-2.0-flash"), listed("gemini", "gemini-2.0-flash-001")];

    const ordered = newestFirst(models).map((m) => m.id);

    expect(ordered).toEqual(["gemini-2.0-flash-001", "gemini-2.0-flash"]);
  });
});
