import type { FamilyUpdate, ModelDiff } from "./diff-models.ts";
import { compareVersions, type ModelVersion, parseModelVersion, splitModelString } from "./model-family.ts";
import type { ListedModel } from "./model-registry.ts";

/** Where a model is on tonight's map: its parsed version and its family's news, if any. */
interface ModelSituation {
  readonly provider: string;
  readonly version: ModelVersion;
  readonly update?: FamilyUpdate;
}

function situationOf(model: string, field: string, diff: ModelDiff): ModelSituation {
  const { provider, id } = splitModelString(model, field);
  const version = parseModelVersion(id);
  const update = diff.families.find((family) => family.provider === provider && family.family === version.family);
  return { provider, version, update };
}

/**
 * An alias (`-latest`) or a bare family id follows the provider; a dated id is pinned.
 *
 * @example
 * isFloating(parseModelVersion("claude-haiku-4-5")); // true
 */
export function isFloating(version: ModelVersion): boolean {
  return version.kind === "alias" || version.kind === "none";
}

/**
 * The newest version `model`'s family gained tonight that the model should move to, or
 * undefined. A version counts when it is new to the registry, is not `model` itself, is not a
 * preview (unless the current model is one or `includePreviews`), and is not older than the
 * current version (a floating current model has no version, so any new one counts). A family
 * the registry never knew gains nothing: its first listing is the baseline, not news.
 * `createdAt` is the current model's creation time when known (from the registry or listing).
 *
 * @example
 * newerVersion("openai/gpt-4o-mini-2024-07-18", diff, { includePreviews: false })?.id; // "gpt-4o-mini-2025-04-01"
 */
export function newerVersion(
  model: string,
  diff: ModelDiff,
  options: { includePreviews?: boolean; createdAt?: string; field?: string },
): ListedModel | undefined {
  const { version, update } = situationOf(model, options.field ?? "model", diff);
  if (!update || update.known.length === 0) return undefined;
  const current = { version, createdAt: options.createdAt };
  return update.added.find((candidate) => {
    const candidateVersion = parseModelVersion(candidate.id);
    if (candidate.id === version.id) return false;
    if (candidateVersion.preview && !version.preview && !options.includePreviews) return false;
    if (isFloating(version)) return true;
    // Nothing says it is older, and it is new tonight: treat it as the newer one.
    const order = compareVersions({ version: candidateVersion, createdAt: candidate.createdAt }, current);
    return order === undefined || order > 0;
  });
}

/**
 * Why a judge's gold set needs re-scoring tonight, or undefined. The judge's model changed
 * when it moved since the last scoring (`scoredWithModel` differs or is absent), or when it
 * floats (an alias or bare family id) and its family gained a version it may now resolve to.
 *
 * @example
 * judgeChange({ model: "anthropic/claude-haiku-4-5", scoredWithModel: "anthropic/claude-haiku-4-5" }, diff);
 * // "the judge anthropic/claude-haiku-4-5 floats and its family gained claude-haiku-4-5-20260101"
 */
export function judgeChange(
  judge: { model: string; scoredWithModel?: string },
  diff: ModelDiff,
  field = "judge.model",
): string | undefined {
  if (judge.scoredWithModel === undefined) return `the gold set was never scored with ${judge.model}`;
  if (judge.scoredWithModel !== judge.model) {
    return `the judge moved from ${judge.scoredWithModel} to ${judge.model} since the gold set was scored`;
  }
  const { version } = situationOf(judge.model, field, diff);
  if (!isFloating(version)) return undefined;
  const gained = newerVersion(judge.model, diff, { field });
  return gained && `the judge ${judge.model} floats and its family gained ${gained.id}`;
}
