import { JudgeloopError } from "../errors.ts";

/**
 * How a model id's trailing version is written:
 * - `date`: a full date, `gpt-4o-mini-2024-07-18`, `claude-haiku-4-5-20251001`, or a month and
 *   year, `gemini-2.5-flash-preview-09-2025`;
 * - `month-day`: no year, `gemini-2.5-flash-preview-05-20`, `gpt-4-0613`;
 * - `revision`: a three-digit counter, `gemini-2.0-flash-001`;
 * - `alias`: `-latest`, which floats to whatever the provider calls newest;
 * - `none`: no version at all, `gpt-4o-mini`, `claude-haiku-4-5` (also floating).
 */
export type VersionKind = "date" | "month-day" | "revision" | "alias" | "none";

/** A model id split into its family and version (see `parseModelVersion` for the rules). */
export interface ModelVersion {
  readonly id: string;
  /** The id without its version suffix: what "the same model, newer version" shares. */
  readonly family: string;
  readonly kind: VersionKind;
  /** A `-preview` or `-exp` marker was part of the suffix. */
  readonly preview: boolean;
  /**
   * Sortable within one kind: yyyymmdd for `date` (dd = 00 when only the month is known),
   * mmdd for `month-day`, the counter for `revision`; absent for `alias` and `none`.
   */
  readonly rank?: number;
}

const previewMarker = /-(preview|exp)$/;

interface VersionPart {
  kind: "date" | "month-day" | "revision";
  rank: number;
  rest: string;
}

// Each rule reads the digits at the end of an id; the first that yields a valid date wins.
const versionRules: ReadonlyArray<(id: string) => VersionPart | undefined> = [
  (id) => dateRule(id, /-(\d{4})-(\d{2})-(\d{2})$/, (m) => [m[1], m[2], m[3]]),
  (id) => dateRule(id, /-(\d{4})(\d{2})(\d{2})$/, (m) => [m[1], m[2], m[3]]),
  (id) => afterMarker(dateRule(id, /-(\d{2})-(\d{4})$/, (m) => [m[2], m[1], "00"])),
  (id) => afterMarker(monthDayRule(id, /-(\d{2})-(\d{2})$/)),
  (id) => monthDayRule(id, /-(\d{2})(\d{2})$/),
  (id) => {
    const match = /-(\d{3})$/.exec(id);
    return match ? { kind: "revision", rank: Number(match[1]), rest: id.slice(0, match.index) } : undefined;
  },
];

function dateRule(
  id: string,
  pattern: RegExp,
  parts: (match: RegExpExecArray) => Array<string | undefined>,
): VersionPart | undefined {
  const match = pattern.exec(id);
  if (!match) return undefined;
  const [year, month, day] = parts(match).map(Number);
  if (year === undefined || month === undefined || day === undefined) return undefined;
  if (year < 2000 || year > 2099 || month < 1 || month > 12 || day > 31) return undefined;
  return { kind: "date", rank: year * 10_000 + month * 100 + day, rest: id.slice(0, match.index) };
}

function monthDayRule(id: string, pattern: RegExp): VersionPart | undefined {
  const match = pattern.exec(id);
  if (!match) return undefined;
  const month = Number(match[1]);
  const day = Number(match[2]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return { kind: "month-day", rank: month * 100 + day, rest: id.slice(0, match.index) };
}

// A bare `-05-20` or `-09-2025` is too ambiguous to be a version unless a preview marker precedes it.
function afterMarker(part: VersionPart | undefined): VersionPart | undefined {
  return part && previewMarker.test(part.rest) ? part : undefined;
}

/**
 * Splits a model id (without the `provider/` prefix) into family and version. Rules, in order:
 * 1. `-latest` ends the id: an alias of the family before it.
 * 2. A trailing `-preview` or `-exp` is stripped first (`gpt-4-1106-preview`).
 * 3. One version is stripped: `-YYYY-MM-DD`, `-YYYYMMDD`, `-MM-YYYY` or `-MM-DD` after a
 *    preview marker, `-MMDD`, `-NNN` (dates must be plausible, so `-4-5` or `-8b` never match).
 * 4. A `-preview` or `-exp` left in front of that version is stripped too.
 * So `gpt-4o-mini-2024-07-18` → `gpt-4o-mini`, `claude-haiku-4-5-20251001` → `claude-haiku-4-5`,
 * `gemini-2.5-flash-preview-05-20` → `gemini-2.5-flash`; a new generation (`claude-haiku-4-5`
 * after `claude-haiku-4`) is a new family, not a newer version.
 *
 * @example
 * parseModelVersion("gpt-4o-mini-2024-07-18"); // { family: "gpt-4o-mini", kind: "date", rank: 20240718, ... }
 */
export function parseModelVersion(id: string): ModelVersion {
  if (id.trim() === "" || /\s/.test(id)) {
    throw new JudgeloopError("bad_model_id", `model id "${id}" must be non-empty and contain no whitespace`);
  }
  if (id.endsWith("-latest") && id.length > "-latest".length) {
    return { id, family: id.slice(0, -"-latest".length), kind: "alias", preview: false };
  }
  let rest = id;
  let preview = false;
  if (previewMarker.test(rest)) {
    rest = rest.replace(previewMarker, "");
    preview = true;
  }
  const part = versionRules.map((rule) => rule(rest)).find((found) => found !== undefined);
  if (!part || part.rest === "") return { id, family: rest === "" ? id : rest, kind: "none", preview };
  const family = part.rest.replace(previewMarker, "");
  return { id, family, kind: part.kind, rank: part.rank, preview: preview || family !== part.rest };
}

/**
 * The family of a model id: the id without its version suffix.
 *
 * @example
 * modelFamily("claude-haiku-4-5-20251001"); // "claude-haiku-4-5"
 */
export function modelFamily(id: string): string {
  return parseModelVersion(id).family;
}

/**
 * A model version plus when the provider says it was created, when known.
 */
export interface DatedVersion {
  readonly version: ModelVersion;
  /** ISO 8601. */
  readonly createdAt?: string;
}

/**
 * Orders two versions of one family: negative when `a` is older, positive when newer, 0 when
 * equal, `undefined` when nothing says. Full dates decide first; then the provider's creation
 * times (month-day versions have no year, so `-0125` may be newer than `-1106`); then ranks of
 * the same kind.
 *
 * @example
 * compareVersions({ version: parseModelVersion("gpt-4o-2024-08-06") }, { version: parseModelVersion("gpt-4o-2024-05-13") }); // > 0
 */
export function compareVersions(a: DatedVersion, b: DatedVersion): number | undefined {
  const rankA = a.version.rank;
  const rankB = b.version.rank;
  if (a.version.kind === "date" && b.version.kind === "date" && rankA !== undefined && rankB !== undefined) {
    return Math.sign(rankA - rankB);
  }
  const createdA = a.createdAt === undefined ? Number.NaN : Date.parse(a.createdAt);
  const createdB = b.createdAt === undefined ? Number.NaN : Date.parse(b.createdAt);
  if (Number.isFinite(createdA) && Number.isFinite(createdB)) return Math.sign(createdA - createdB);
  if (a.version.kind === b.version.kind && rankA !== undefined && rankB !== undefined) {
    return Math.sign(rankA - rankB);
  }
  return undefined;
}

/**
 * Splits `provider/model`; the nightly code keeps its own copy so that it never loads the
 * provider SDKs that `providers/` imports.
 *
 * @example
 * splitModelString("anthropic/claude-haiku-4-5"); // { provider: "anthropic", id: "claude-haiku-4-5" }
 */
export function splitModelString(model: string, field: string): { provider: string; id: string } {
  const slash = model.indexOf("/");
  const provider = slash > 0 ? model.slice(0, slash) : "";
  const id = slash > 0 ? model.slice(slash + 1) : "";
  if (!provider || !id.trim()) {
    throw new JudgeloopError("bad_nightly_input", `${field}: "${model}" is not of the form provider/model`);
  }
  return { provider, id };
}
