import { readFileSync } from "node:fs";

/**
 * Test-only: a recorded response's headers (see recorded-headers/PROVENANCE.md) and the instant it
 * was recorded, from its Date.
 *
 * @example
 * const { headers, at } = recordedHeaders("openai-chat-completion-200.json");
 */
export function recordedHeaders(name: string): { headers: Record<string, string>; at: number } {
  const file = new URL(`./recorded-headers/${name}`, import.meta.url);
  const { headers, recordedAt } = JSON.parse(readFileSync(file, "utf8")) as {
    headers: Record<string, string>;
    recordedAt: string;
  };
  return { headers, at: Date.parse(recordedAt) };
}
