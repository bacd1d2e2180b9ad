import { readFile } from "node:fs/promises";

const recordedDir = new URL("../testdata/recorded/", import.meta.url);

/**
 * Test-only: a recorded response body from `tests/wire/testdata/recorded/<provider>/<name>.json`
 * (provenance beside each file), parsed.
 *
 * @example
 * const body = await recordedBody("openai", "refusal");
 */
export async function recordedBody(provider: "openai" | "anthropic" | "gemini", name: string): Promise<RecordedBody> {
  return JSON.parse(await readFile(new URL(`${provider}/${name}.json`, recordedDir), "utf8")) as RecordedBody;
}

/** A recorded JSON body; tests read into it by path. */
// biome-ignore lint/suspicious/noExplicitAny: a recorded body is read by path in tests, whatever its shape.
export type RecordedBody = Record<string, any>;
