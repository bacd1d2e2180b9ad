import { type ApiLogEntry, createApp, startApiServer } from "@judgeloop/api";
import { JudgeloopError } from "@judgeloop/core";
import { databasePathIn, FileArtifactStore, LocalRunService, openSqliteStores, providerEnv } from "@judgeloop/local";
import type { Command } from "commander";
import { info, printJson } from "../output.ts";
import { port, untilStopped } from "../server-lifecycle.ts";

interface ServeFlags {
  port: number;
  json?: boolean;
}

export const defaultApiPort = 8787;

/**
 * `judgeloop serve`: the HTTP API on 127.0.0.1 over the embedded runtime (datasets and reports
 * as files under JUDGELOOP_HOME, runs in its SQLite database), until SIGINT or SIGTERM. Every
 * /v1 request needs `Authorization: Bearer $JUDGELOOP_API_TOKEN`; one line per request goes to
 * stderr, never a body or a header.
 *
 * @example
 * registerServe(program); // then: JUDGELOOP_API_TOKEN=… judgeloop serve --port 8787
 */
export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("serve the HTTP API (/v1, bearer token $JUDGELOOP_API_TOKEN, OpenAPI at /openapi.json) on 127.0.0.1")
    .option("--port <n>", `port to listen on; 0 picks a free one (default ${defaultApiPort})`, port, defaultApiPort)
    .option("--json", "print {url, port, openapi} as JSON on stdout once listening")
    .action(async (flags: ServeFlags) => {
      const token = process.env.JUDGELOOP_API_TOKEN ?? "";
      if (token === "") {
        const reason = "set JUDGELOOP_API_TOKEN to the bearer token clients must send (16 characters or more)";
        throw new JudgeloopError("missing_api_token", reason);
      }
      const home = process.env.JUDGELOOP_HOME ?? ".judgeloop";
      const stores = openSqliteStores(databasePathIn(home));
      try {
        const app = createApp({
          runStore: stores.runs,
          artifacts: new FileArtifactStore(home),
          runs: new LocalRunService({ home, env: providerEnv(process.env), onError: logRunFailure }),
          labels: stores.labels,
          token,
          log: logLine,
        });
        const server = await startApiServer(app, { port: flags.port });
        if (flags.json) printJson({ url: server.url, port: server.port, openapi: `${server.url}/openapi.json` });
        info(`judgeloop API at ${server.url}/v1 (OpenAPI: ${server.url}/openapi.json), data in ${home}`, !!flags.json);
        await untilStopped();
        await server.close();
        info("Stopped", !!flags.json);
      } finally {
        stores.close();
      }
    });
}

/** A background run that failed: its id and error code only (never a body or a prompt). */
function logRunFailure(runId: string, error: unknown): void {
  const code = error instanceof JudgeloopError ? error.code : "internal";
  process.stderr.write(`run ${runId} failed: ${code}\n`);
}

function logLine(entry: ApiLogEntry): void {
  const code = entry.code === undefined ? "" : ` ${entry.code}`;
  process.stderr.write(
    `${entry.method} ${entry.path} ${entry.status}${code} ${entry.durationMs}ms ${entry.requestId}\n`,
  );
}
