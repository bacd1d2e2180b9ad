import { compareVersions, modelFamily, parseModelVersion } from "./model-family.ts";
import type { ListedModel, RegisteredModel } from "./model-registry.ts";

/** The listed versions of one family that the registry had not seen. */
export interface FamilyUpdate {
  readonly provider: string;
  readonly family: string;
  /** Newest first (see `newestFirst`). */
  readonly added: readonly ListedModel[];
  /** Ids of this family the registry already knew, in id order. */
  readonly known: readonly string[];
}

/** What changed between the registry and tonight's listings. */
export interface ModelDiff {
  /** Listed models the registry had not seen, in provider then id order. */
  readonly added: readonly ListedModel[];
  /** The same models grouped by provider and family, in provider then family order. */
  readonly families: readonly FamilyUpdate[];
  /** Registered models of a listed provider that tonight's listing no longer has (retired). */
  readonly missing: readonly RegisteredModel[];
}

const keyOf = (model: { provider: string; id: string }) => `${model.provider}/${model.id}`;
const byProviderThenId = (a: ListedModel, b: ListedModel) =>
  a.provider === b.provider ? compareText(a.id, b.id) : compareText(a.provider, b.provider);

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Sorts versions of one family newest first: by `compareVersions`, and where it cannot tell,
 * by id descending so the order is at least stable.
 *
 * @example
 * newestFirst([{ provider: "openai", id: "gpt-4o-2024-05-13" }, { provider: "openai", id: "gpt-4o-2024-08-06" }])[0]?.id; // "gpt-4o-2024-08-06"
 */
export function newestFirst<T extends ListedModel>(models: readonly T[]): T[] {
  const dated = (model: T) => ({ version: parseModelVersion(model.id), createdAt: model.createdAt });
  return [...models].sort((a, b) => compareVersions(dated(b), dated(a)) || compareText(b.id, a.id));
}

/**
 * Compares tonight's listings with the registry: which models are new, grouped by family
 * (`modelFamily`), and which registered models disappeared. Only providers that appear in
 * `listed` count towards `missing`, so a provider whose listing failed does not look retired.
 * A model listed twice counts once.
 *
 * @example
 * const diff = diffModels(await registry.knownModels(), listed);
 * diff.families.map((f) => `${f.family}: ${f.added.map((m) => m.id).join(", ")}`);
 */
export function diffModels(registry: readonly RegisteredModel[], listed: readonly ListedModel[]): ModelDiff {
  const knownKeys = new Set(registry.map(keyOf));
  const unique = new Map(listed.map((model) => [keyOf(model), model]));
  const added = [...unique.values()].filter((model) => !knownKeys.has(keyOf(model))).sort(byProviderThenId);
  const listedProviders = new Set(listed.map((model) => model.provider));
  const missing = registry
    .filter((model) => listedProviders.has(model.provider) && !unique.has(keyOf(model)))
    .sort(byProviderThenId);
  return { added, families: groupByFamily(added, registry), missing };
}

function groupByFamily(added: readonly ListedModel[], registry: readonly RegisteredModel[]): FamilyUpdate[] {
  const groups = new Map<string, { provider: string; family: string; models: ListedModel[] }>();
  for (const model of added) {
    const family = modelFamily(model.id);
    const key = `${model.provider}/${family}`;
    const group = groups.get(key) ?? { provider: model.provider, family, models: [] };
    group.models.push(model);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => compareText(a.provider, b.provider) || compareText(a.family, b.family))
    .map((group) => ({
      provider: group.provider,
      family: group.family,
      added: newestFirst(group.models),
      known: registry
        .filter((model) => model.provider === group.provider && modelFamily(model.id) === group.family)
        .map((model) => model.id)
        .sort(compareText),
    }));
}
