import { createApp, defaultApiLimits } from "@judgeloop/api";
import { DynamoRunAdmission } from "@judgeloop/aws";
import { JudgeloopError } from "@judgeloop/core";
import type { LambdaContext, LambdaEvent } from "hono/aws-lambda";
import { handle } from "hono/aws-lambda";
import { SfnRunService } from "./api/sfn-run-service.ts";
import { composeDeps } from "./compose.ts";
import { S3ProgramRegistry } from "./programs/s3-program-registry.ts";
import { readApiToken } from "./settings.ts";

let lambda: ReturnType<typeof handle> | undefined;

/** Builds the Hono app once per container: the API's routes over the AWS adapters. */
function build(): ReturnType<typeof handle> {
  const deps = composeDeps();
  const runs = new SfnRunService({
    runStore: deps.runStore,
    artifacts: deps.artifacts,
    pipeline: () => deps.pipelineDriver(),
    optimizer: () => deps.driver(),
    programs: new S3ProgramRegistry(deps.artifacts),
    providers: { keys: deps.providers.keys, ...withOpenAIBase(deps.providers.baseURLs.openai) },
    now: deps.now,
  });
  const admission = new DynamoRunAdmission(deps.clients.dynamodb, {
    tableName: deps.settings.tableName,
    runStore: deps.runStore,
    now: deps.now,
  });
  const app = createApp({
    runStore: deps.runStore,
    artifacts: deps.artifacts,
    runs,
    admission,
    limits: { maxActiveRuns: maxActiveRuns(process.env.JUDGELOOP_MAX_ACTIVE_RUNS) },
    token: readApiToken(process.env),
    log: (entry) => deps.logger.info("request", { ...entry }),
  });
  return handle(app);
}

/** The HTTP API (API Gateway HTTP API events; the stack gives it no function URL) through `hono/aws-lambda`. */
export const handler = (event: LambdaEvent, context?: LambdaContext) => {
  lambda ??= build();
  return lambda(event, context);
};

/** An OpenAI-compatible endpoint counts as a provider (it needs no key). */
function withOpenAIBase(url: string | undefined): { openaiBaseURL?: string } {
  return url === undefined ? {} : { openaiBaseURL: url };
}

/** Runs active at once (`JUDGELOOP_MAX_ACTIVE_RUNS`, default the API's 20). */
function maxActiveRuns(text: string | undefined): number {
  if (text === undefined || text.trim() === "") return defaultApiLimits.maxActiveRuns;
  const runs = Number(text);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new JudgeloopError("bad_setting", "JUDGELOOP_MAX_ACTIVE_RUNS must be an integer ≥ 1");
  }
  return runs;
}
