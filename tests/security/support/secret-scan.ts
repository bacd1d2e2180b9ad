import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** Fake credentials, random per test run so no fixture or cache can contain them by chance. */
export interface FakeSecrets {
  OPENAI_API_KEY: string;
  ANTHROPIC_API_KEY: string;
  GEMINI_API_KEY: string;
  JUDGELOOP_API_TOKEN: string;
}

/**
 * Fresh fake secrets in each provider's usual shape.
 *
 * @example
 * const secrets = fakeSecrets(); // { OPENAI_API_KEY: "sk-test-FAKE-3f9a…", … }
 */
export function fakeSecrets(): FakeSecrets {
  const random = () => randomBytes(12).toString("hex");
  return {
    OPENAI_API_KEY: `sk-test-FAKE-${random()}`,
    ANTHROPIC_API_KEY: `sk-ant-test-FAKE-${random()}`,
    GEMINI_API_KEY: `AIzaFAKE${random()}`,
    JUDGELOOP_API_TOKEN: `jl-token-FAKE-${random()}`,
  };
}

/** A place a secret turned up: a file (relative to the scanned root) or a named text. */
export interface SecretLeak {
  where: string;
  secret: keyof FakeSecrets;
}

/**
 * Every secret found in `texts` (name → captured output). Matches the whole value and its
 * random tail alone, so a key printed partly masked (`sk-…a1b2c3…`) still counts.
 *
 * @example
 * expect(leaksIn({ stderr: result.stderr }, secrets)).toEqual([]);
 */
export function leaksIn(texts: Record<string, string | Buffer>, secrets: FakeSecrets): SecretLeak[] {
  const leaks: SecretLeak[] = [];
  for (const [where, content] of Object.entries(texts)) {
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    for (const [name, value] of Object.entries(secrets) as [keyof FakeSecrets, string][]) {
      if (needlesOf(value).some((needle) => bytes.includes(needle))) leaks.push({ where, secret: name });
    }
  }
  return leaks;
}

/** The value, its random tail, and both as UTF-16 (SQLite may store text that way). */
function needlesOf(value: string): Buffer[] {
  const tail = value.slice(-24);
  return [value, tail].flatMap((text) => [Buffer.from(text, "utf8"), Buffer.from(text, "utf16le")]);
}

/**
 * Every regular file under `root`, read as bytes: JSON, JSONL, HTML, SQLite databases and their
 * WAL files alike, keyed by path relative to `root`.
 *
 * @example
 * const files = await filesUnder(home); // { "judgeloop.db": <Buffer …>, "runs/…/report.html": … }
 */
export async function filesUnder(root: string): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path.slice(root.length + 1)] = await readFile(path);
  }
  return files;
}
