import { JudgeloopError } from "../errors.ts";

/**
 * Where immutable artifacts live (datasets, programs, reports), addressed by a slash-separated
 * key such as `datasets/<id>/rows.jsonl`. Adapters are named after their backend:
 * InMemoryArtifactStore (core), FileArtifactStore (packages/local), S3ArtifactStore (packages/aws).
 *
 * Every adapter makes a `put` atomic: a reader sees either the old bytes or the new ones, never
 * half a file, so a crash mid-write cannot leave a corrupt artifact behind.
 *
 * @example
 * await putJson(store, "datasets/abc/version.json", { id: "abc" });
 * const version = await getJson(store, "datasets/abc/version.json");
 */
export interface ArtifactStore {
  /** Stores `body` under `key`, replacing what was there. */
  put(key: string, body: Uint8Array): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Uint8Array | null>;
  exists(key: string): Promise<boolean>;
  /** Every key that starts with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
}

const keySegment = /^[A-Za-z0-9][A-Za-z0-9._=-]*$/;

/**
 * Throws unless `key` is a safe artifact key: non-empty segments of letters, digits, `.`, `_`,
 * `=` and `-`, joined by `/`, none starting with a dot. Adapters call it so that no key can
 * climb out of a directory or bucket prefix.
 *
 * @example
 * checkArtifactKey("datasets/abc/rows.jsonl"); // ok
 * checkArtifactKey("../etc/passwd"); // throws JudgeloopError("bad_artifact_key")
 */
export function checkArtifactKey(key: string): void {
  const segments = key.split("/");
  if (key.length === 0 || key.length > 512 || !segments.every((segment) => keySegment.test(segment))) {
    throw new JudgeloopError(
      "bad_artifact_key",
      `artifact key ${JSON.stringify(key.slice(0, 80))} is not a slash-separated path of letters, digits, ".", "_", "=" and "-"`,
    );
  }
}

/**
 * Stores `text` as UTF-8.
 *
 * @example
 * await putText(store, "datasets/abc/rows.jsonl", lines);
 */
export async function putText(store: ArtifactStore, key: string, text: string): Promise<void> {
  await store.put(key, new TextEncoder().encode(text));
}

/**
 * Reads UTF-8 text, or null when the key is absent.
 *
 * @example
 * const lines = await getText(store, "datasets/abc/rows.jsonl");
 */
export async function getText(store: ArtifactStore, key: string): Promise<string | null> {
  const bytes = await store.get(key);
  return bytes === null ? null : new TextDecoder().decode(bytes);
}

/**
 * Stores `value` as indented JSON, so stored artifacts stay readable by people.
 *
 * @example
 * await putJson(store, "datasets/abc/version.json", manifest);
 */
export async function putJson(store: ArtifactStore, key: string, value: unknown): Promise<void> {
  await putText(store, key, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Reads JSON, or null when the key is absent; unparseable JSON is a `bad_artifact` error.
 *
 * @example
 * const manifest = await getJson(store, "datasets/abc/version.json");
 */
export async function getJson(store: ArtifactStore, key: string): Promise<unknown> {
  const text = await getText(store, key);
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new JudgeloopError("bad_artifact", `artifact ${key} is not valid JSON`, { cause: error });
  }
}
