import { JudgeloopError, parseFaultSpec, type SimFaults, simWorld, simWorldNames } from "@judgeloop/core";
import { type SimRateLimitHeaders, simRateLimitHeaderModes, startSimServer } from "@judgeloop/local";
import { type Command, InvalidArgumentError } from "commander";
import { info, printJson } from "../output.ts";
import { port, untilStopped } from "../server-lifecycle.ts";

interface ServeFlags {
  port: number;
  rpm?: number;
  rateLimitHeaders?: SimRateLimitHeaders;
  latencyMs?: number;
  faults?: SimFaults;
  world?: string;
  json?: boolean;
}

export const defaultSimPort = 8765;

/**
 * `judgeloop sim serve`: the simulated LLM as an OpenAI-compatible endpoint on 127.0.0.1, until
 * SIGINT or SIGTERM. Every answer it gives is simulated and says so.
 *
 * @example
 * registerSim(program); // then: judgeloop sim serve --port 8765 --rpm 600 --latency-ms 150
 */
export function registerSim(program: Command): void {
  const sim = program.command("sim").description("the simulated LLM used for offline runs, tests and benchmarks");
  sim
    .command("serve")
    .description("serve the simulator as an OpenAI-compatible API (/v1/chat/completions, /v1/models) on 127.0.0.1")
    .option("--port <n>", `port to listen on; 0 picks a free one (default ${defaultSimPort})`, port, defaultSimPort)
    .option("--rpm <n>", "requests per minute before it answers 429", positiveNumber)
    .option(
      "--rate-limit-headers <mode>",
      "what it discloses: openai (x-ratelimit-* on every answer), retry-after (only on a 429) or none",
      headerMode,
    )
    .option("--latency-ms <n>", "milliseconds every completion takes", nonNegativeNumber)
    .option("--faults <spec>", "fault rates, e.g. 500:0.05,timeout:0.02,malformed:0.03,429:0.03", faultSpec)
    .option(
      "--world <name>",
      `simulated world every model answers in unless its name picks one with ~world (${simWorldNames().join(", ")})`,
      worldName,
    )
    .option("--json", "print {baseURL, port, simulated, world} as JSON on stdout once listening")
    .action(async (flags: ServeFlags) => {
      const server = await startSimServer({
        port: flags.port,
        ...(flags.rpm !== undefined && { rpm: flags.rpm }),
        ...(flags.rateLimitHeaders !== undefined && { rateLimitHeaders: flags.rateLimitHeaders }),
        ...(flags.latencyMs !== undefined && { latencyMs: flags.latencyMs }),
        ...(flags.faults !== undefined && { faults: flags.faults }),
        ...(flags.world !== undefined && { world: flags.world }),
      });
      const world = flags.world ?? "default";
      if (flags.json) printJson({ baseURL: server.baseURL, port: server.port, simulated: true, world });
      info(
        `Simulated LLM serving an OpenAI-compatible API at ${server.baseURL} in the simulated world "${world}" (answers are simulated)`,
        !!flags.json,
      );
      info(`Use it with OPENAI_BASE_URL=${server.baseURL} and a model such as openai/sim/strong`, !!flags.json);
      await untilStopped();
      await server.close();
      const { requests, rateLimited } = server.stats();
      info(`Stopped after ${requests} requests (${rateLimited} rate-limited)`, !!flags.json);
    });
}

function headerMode(value: string): SimRateLimitHeaders {
  const mode = simRateLimitHeaderModes.find((m) => m === value);
  if (!mode) throw new InvalidArgumentError(`expected one of ${simRateLimitHeaderModes.join(", ")}`);
  return mode;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number");
  return n;
}

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError("expected a number of 0 or more");
  return n;
}

function worldName(value: string): string {
  try {
    return simWorld(value).name;
  } catch (error) {
    if (error instanceof JudgeloopError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

function faultSpec(value: string): SimFaults {
  try {
    return parseFaultSpec(value);
  } catch (error) {
    if (error instanceof JudgeloopError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}
