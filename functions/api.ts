import { createApp } from "@judgeloop/api";
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
  const app = createApp({
    runStore: deps.runStore,
    artifacts: deps.artifacts,
    runs,
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
