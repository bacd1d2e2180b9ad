/**
 * promptfoo through its Node API, kept from phoning home: telemetry, update checks, sharing and
 * remote generation are off, and its config directory, database and cache live in a temporary
 * directory removed afterwards. Its only provider is `openai:chat` at the simulator's URL.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Example } from "@judgeloop/core";
import type { EvalOutcome } from "./compare-throughput.ts";

/** The slice of promptfoo's API this benchmark uses. */
export interface PromptfooModule {
  default: {
    evaluate(
      testSuite: Record<string, unknown>,
      options: Record<string, unknown>,
    ): Promise<{ toEvaluateSummary(): Promise<{ stats: { successes: number; failures: number; errors: number } }> }>;
  };
}

/**
 * Points promptfoo's state at a fresh temporary directory and turns its network features off.
 * Call before importing promptfoo (it reads some settings at load time); returns the cleanup.
 *
 * @example
 * const cleanup = isolatePromptfoo();
 * const promptfoo = await loadPeer<PromptfooModule>("promptfoo");
 */
export function isolatePromptfoo(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "judgeloop-bench-promptfoo-"));
  Object.assign(process.env, {
    PROMPTFOO_DISABLE_TELEMETRY: "1",
    PROMPTFOO_DISABLE_UPDATE: "1",
    PROMPTFOO_DISABLE_SHARING: "1",
    PROMPTFOO_DISABLE_SHARE_EMAIL_REQUEST: "1",
    PROMPTFOO_DISABLE_REMOTE_GENERATION: "1",
    PROMPTFOO_DISABLE_REDTEAM_REMOTE_GENERATION: "1",
    PROMPTFOO_CONFIG_DIR: dir,
    PROMPTFOO_CACHE_ENABLED: "false",
    PROMPTFOO_CACHE_PATH: join(dir, "cache"),
    LOG_LEVEL: process.env.LOG_LEVEL ?? "error",
  });
  return () => rmSync(dir, { recursive: true, force: true });
}

/**
 * One promptfoo evaluation: a system instruction plus the transcript, an assertion comparing
 * the verdict line with the gold label.
 *
 * @example
 * const { agreed, failed } = await runPromptfoo(promptfoo, baseURL, examples, settings);
 */
export async function runPromptfoo(
  promptfoo: PromptfooModule,
  baseURL: string,
  examples: readonly Example[],
  settings: { concurrency: number; taskModel: string; instruction: string },
): Promise<EvalOutcome> {
  const prompt = JSON.stringify([
    { role: "system", content: settings.instruction },
    { role: "user", content: "{{transcript}}" },
  ]);
  const verdictMatchesGold =
    "(/satisfied:\\s*(true|false)/i.exec(output)?.[1] ?? '').toLowerCase() === String(context.vars.gold)";
  const tests = examples.map((e) => ({
    vars: { transcript: String(e.get("transcript")), gold: e.get("satisfied") === true },
    assert: [{ type: "javascript", value: verdictMatchesGold }],
  }));
  const result = await promptfoo.default.evaluate(
    {
      prompts: [prompt],
      providers: [
        {
          id: `openai:chat:${settings.taskModel}`,
          config: { apiBaseUrl: baseURL, apiKey: "simulated", temperature: 0 },
        },
      ],
      tests,
      writeLatestResults: false,
      sharing: false,
    },
    { maxConcurrency: settings.concurrency, showProgressBar: false, cache: false },
  );
  const { stats } = await result.toEvaluateSummary();
  return { agreed: stats.successes, failed: stats.errors };
}
