import { DynamoModelRegistry } from "@judgeloop/aws";
import { JudgeloopError } from "@judgeloop/core";
import type { ProviderName } from "@judgeloop/core/providers";
import { composeDeps } from "./compose.ts";
import { type NightlyReport, runNightly } from "./nightly/run-nightly.ts";
import { S3ProgramRegistry } from "./programs/s3-program-registry.ts";

/**
 * The nightly model watch (EventBridge Scheduler; the event carries nothing it needs): decides
 * last night's challengers, then lists each configured provider's models, diffs them against
 * the registry in DynamoDB, re-scores the gold sets of judges whose model changed and starts
 * the re-optimizations tonight's budget (`JUDGELOOP_NIGHTLY_BUDGET_USD`, default 10) allows.
 */
export const handler = async (): Promise<NightlyReport> => {
  const deps = composeDeps();
  const { keys, baseURLs } = deps.providers;
  // Listing models and judging challengers call providers: load their SDKs now.
  const { listModels } = await deps.loadProviders();
  const report = await runNightly({
    registry: new DynamoModelRegistry(deps.clients.dynamodb, { tableName: deps.settings.tableName }),
    programs: new S3ProgramRegistry(deps.artifacts),
    runStore: deps.runStore,
    artifacts: deps.artifacts,
    startExecution: async (runId) => void (await deps.driver().start(runId, { runId })),
    providers: Object.keys(keys),
    listModels: (provider) => {
      const name = provider as ProviderName;
      const apiKey = keys[name] ?? "";
      return listModels(name, { apiKey, ...(baseURLs[name] !== undefined && { baseURL: baseURLs[name] }) });
    },
    lmFor: deps.lmFor,
    nightlyBudgetUsd: nightlyBudget(process.env.JUDGELOOP_NIGHTLY_BUDGET_USD),
    callConcurrency: callConcurrency(process.env.JUDGELOOP_NIGHTLY_CONCURRENCY),
    now: deps.now,
    warn: (message, detail) => deps.logger.warn(message, detail),
  });
  deps.logger.info("nightly model watch done", {
    started: report.started,
    rescored: report.rescored.length,
    decisions: report.decisions.length,
  });
  return report;
};

/** The nightly function's share of the burst bound; stacks/settings.ts computes it (default 1). */
function callConcurrency(text: string | undefined): number {
  if (text === undefined || text.trim() === "") return 1;
  const calls = Number(text);
  if (!Number.isInteger(calls) || calls < 1) {
    throw new JudgeloopError("bad_setting", "JUDGELOOP_NIGHTLY_CONCURRENCY must be an integer ≥ 1");
  }
  return calls;
}

function nightlyBudget(text: string | undefined): number {
  if (text === undefined || text.trim() === "") return 10;
  const usd = Number(text);
  if (!Number.isFinite(usd) || usd < 0) {
    throw new JudgeloopError("bad_setting", "JUDGELOOP_NIGHTLY_BUDGET_USD must be a number of dollars ≥ 0");
  }
  return usd;
}
