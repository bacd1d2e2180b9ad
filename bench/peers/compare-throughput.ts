/**
 * Comparison (b): evaluation throughput at the same rate limit. Each tool gets a fresh `sim serve`
 * (same rpm, same latency, a full token bucket), the same examples and the same concurrency, and
 * handles the limit its own default way: judgeloop with its client-side limiter and retries, Ax
 * with its HTTP retries (it honours `retry-after`), promptfoo with its adaptive scheduler. Two
 * scenarios: `disclosed` (the server sends OpenAI's rate-limit headers and judgeloop is told the
 * RPM) and `undisclosed` (nobody is told the RPM, the server shows only retry-after on a 429, and
 * it injects 3% extra 429s and 3% 500s).
 */
import { type Example, RateLimiterRegistry, withRateLimit, withRetry } from "@judgeloop/core";
import { type SimRateLimitHeaders, type SimServer, startSimServer } from "@judgeloop/local";
import { type AxExample, type AxModule, axService, forwardPool, toAxExamples } from "./ax-runner.ts";
import { agreementOf, judgeProgram, simLM } from "./judgeloop-runner.ts";
import { type PromptfooModule, runPromptfoo } from "./promptfoo-runner.ts";

/** How much the server discloses and how it misbehaves. */
export interface ThroughputScenario {
  name: string;
  headers: SimRateLimitHeaders;
  /** Fault spec for the server; empty for none. */
  faults: string;
  /** Whether judgeloop is given the RPM (`--limit-rpm`); otherwise its limiter learns it. */
  clientKnowsRpm: boolean;
}

export const throughputScenarios: readonly ThroughputScenario[] = [
  { name: "disclosed", headers: "openai", faults: "", clientKnowsRpm: true },
  { name: "undisclosed", headers: "retry-after", faults: "429:0.03,500:0.03", clientKnowsRpm: false },
];

export interface ThroughputSettings {
  rpm: number;
  latencyMs: number;
  concurrency: number;
  taskModel: string;
  instruction: string;
}

export interface ThroughputRow {
  scenario: string;
  tool: string;
  /** How the tool ran the examples. */
  mode: string;
  concurrency: number;
  examples: number;
  /** Requests the server answered (200). */
  completed: number;
  /** 429 responses the server sent. */
  rateLimited: number;
  /** 5xx responses the server sent (injected faults). */
  serverErrors: number;
  /** Examples that ended without a verdict. */
  failed: number;
  seconds: number;
  perSecond: number;
  /** min(rpm / 60, concurrency / latency): the best any client could do. */
  bound: number;
  /** Agreement with the gold labels over the examples that got a verdict (a sanity check). */
  agreement: number | null;
}

/** Examples that got a verdict and how many agreed with gold. */
export interface EvalOutcome {
  agreed: number;
  failed: number;
}

/**
 * Runs one tool's evaluation against a fresh rate-limited server and measures it there.
 *
 * @example
 * const row = await measure("judgeloop", "evaluate", settings, 300, (url) => ...);
 */
export async function measure(
  tool: string,
  mode: string,
  settings: ThroughputSettings & { scenario: ThroughputScenario },
  examples: number,
  run: (baseURL: string) => Promise<EvalOutcome>,
): Promise<ThroughputRow> {
  const { scenario } = settings;
  const server: SimServer = await startSimServer({
    rpm: settings.rpm,
    latencyMs: settings.latencyMs,
    rateLimitHeaders: scenario.headers,
    ...(scenario.faults !== "" && { faults: scenario.faults }),
  });
  try {
    const started = performance.now();
    const outcome = await run(server.baseURL);
    const seconds = (performance.now() - started) / 1000;
    const { completed, rateLimited, serverErrors } = server.stats();
    const scored = examples - outcome.failed;
    return {
      scenario: scenario.name,
      tool,
      mode,
      concurrency: settings.concurrency,
      examples,
      completed,
      rateLimited,
      serverErrors,
      failed: outcome.failed,
      seconds,
      perSecond: completed / seconds,
      bound: Math.min(settings.rpm / 60, settings.concurrency / (settings.latencyMs / 1000)),
      agreement: scored === 0 ? null : outcome.agreed / scored,
    };
  } finally {
    await server.close();
  }
}

/**
 * judgeloop's evaluate: the OpenAI provider wrapped in the shared rate limiter and retry layer,
 * told the RPM only when the scenario says so (otherwise the limiter learns it).
 *
 * @example
 * const row = await judgeloopThroughput(examples, { ...settings, scenario: throughputScenarios[1] });
 */
export async function judgeloopThroughput(
  examples: readonly Example[],
  settings: ThroughputSettings & { scenario: ThroughputScenario },
) {
  const mode = settings.scenario.clientKnowsRpm ? "evaluate, --limit-rpm" : "evaluate, no --limit-rpm (learned)";
  return measure("judgeloop", mode, settings, examples.length, async (baseURL) => {
    const limited = withRateLimit(simLM(baseURL, settings.taskModel), new RateLimiterRegistry(), {
      ...(settings.scenario.clientKnowsRpm && { rpm: settings.rpm }),
      maxConcurrency: settings.concurrency,
    });
    const judge = judgeProgram(withRetry(limited), settings.instruction);
    const { score, errors } = await agreementOf(judge, examples, settings.concurrency);
    return { agreed: Math.round((score ?? 0) * (examples.length - errors)), failed: errors };
  });
}

/**
 * Ax's forward over the examples, twice: in a pool at the shared concurrency (Ax has no
 * concurrent runner, so the pool is the benchmark's) and through AxTestPrompt, the evaluation
 * helper Ax ships, which runs examples one at a time. The signature carries a `critique` output
 * because the simulator answers non-DSPy prompts with a verdict line and a critique line.
 *
 * @example
 * const rows = await axThroughput(ax, examples, settings);
 */
export async function axThroughput(
  ax: AxModule,
  examples: readonly Example[],
  settings: ThroughputSettings & { scenario: ThroughputScenario },
) {
  const data = toAxExamples(examples);
  const program = () => {
    const judge = ax.ax("transcript:string -> satisfied:boolean, critique:string");
    judge.setInstruction(settings.instruction);
    return judge;
  };
  const pooled = await measure("Ax", "forward in a pool", settings, data.length, (baseURL) =>
    forwardPool(program(), axService(ax, baseURL, settings.taskModel), data, settings.concurrency),
  );
  // The sequential helper never meets the rate limit; it runs once, in the disclosed scenario.
  if (!settings.scenario.clientKnowsRpm) return [pooled];
  const sequential = await measure(
    "Ax",
    "AxTestPrompt (sequential)",
    { ...settings, concurrency: 1 },
    data.length,
    (url) => testPrompt(ax, program(), url, settings.taskModel, data),
  );
  return [pooled, sequential];
}

async function testPrompt(
  ax: AxModule,
  program: ReturnType<AxModule["ax"]>,
  baseURL: string,
  model: string,
  data: AxExample[],
) {
  let scored = 0;
  let agreed = 0;
  const runner = new ax.AxTestPrompt({ ai: axService(ax, baseURL, model), program, examples: data });
  // AxTestPrompt logs a warning for each failed example; the metric runs only for the others.
  const warn = console.warn;
  console.warn = () => {};
  try {
    await runner.run(({ prediction, example }) => {
      scored++;
      agreed += prediction.satisfied === example.satisfied ? 1 : 0;
      return 0;
    });
  } finally {
    console.warn = warn;
  }
  return { agreed, failed: data.length - scored };
}

/**
 * promptfoo's `evaluate(testSuite, options)` with an `openai:chat` provider at the server.
 *
 * @example
 * const row = await promptfooThroughput(promptfoo, examples, settings);
 */
export async function promptfooThroughput(
  promptfoo: PromptfooModule,
  examples: readonly Example[],
  settings: ThroughputSettings & { scenario: ThroughputScenario },
) {
  return measure("promptfoo", "evaluate (maxConcurrency)", settings, examples.length, (baseURL) =>
    runPromptfoo(promptfoo, baseURL, examples, settings),
  );
}
