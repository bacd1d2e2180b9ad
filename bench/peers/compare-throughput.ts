/**
 * Comparison (b): evaluation throughput at the same rate limit. Each tool gets a fresh `sim serve`
 * (same rpm, same latency, a full token bucket), the same examples and the same concurrency, and
 * handles the limit its own default way: judgeloop with its client-side limiter and retries, Ax
 * with its HTTP retries (it honours `retry-after`), promptfoo with its adaptive scheduler.
 */
import { type Example, RateLimiterRegistry, withRateLimit, withRetry } from "@judgeloop/core";
import { type SimServer, startSimServer } from "@judgeloop/local";
import { type AxExample, type AxModule, axService, forwardPool, toAxExamples } from "./ax-runner.ts";
import { agreementOf, judgeProgram, simLM } from "./judgeloop-runner.ts";
import { type PromptfooModule, runPromptfoo } from "./promptfoo-runner.ts";

export interface ThroughputSettings {
  rpm: number;
  latencyMs: number;
  concurrency: number;
  taskModel: string;
  instruction: string;
}

export interface ThroughputRow {
  tool: string;
  /** How the tool ran the examples. */
  mode: string;
  concurrency: number;
  examples: number;
  /** Requests the server answered (200). */
  completed: number;
  /** 429 responses the server sent. */
  rateLimited: number;
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
  settings: ThroughputSettings & { concurrency: number },
  examples: number,
  run: (baseURL: string) => Promise<EvalOutcome>,
): Promise<ThroughputRow> {
  const server: SimServer = await startSimServer({ rpm: settings.rpm, latencyMs: settings.latencyMs });
  try {
    const started = performance.now();
    const outcome = await run(server.baseURL);
    const seconds = (performance.now() - started) / 1000;
    const { completed, rateLimited } = server.stats();
    const scored = examples - outcome.failed;
    return {
      tool,
      mode,
      concurrency: settings.concurrency,
      examples,
      completed,
      rateLimited,
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
 * judgeloop's evaluate: the OpenAI provider wrapped in the shared rate limiter and retry layer.
 *
 * @example
 * const row = await judgeloopThroughput(examples, settings);
 */
export async function judgeloopThroughput(examples: readonly Example[], settings: ThroughputSettings) {
  return measure("judgeloop", "evaluate (rate limiter + retry)", settings, examples.length, async (baseURL) => {
    const limited = withRateLimit(simLM(baseURL, settings.taskModel), new RateLimiterRegistry(), {
      rpm: settings.rpm,
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
export async function axThroughput(ax: AxModule, examples: readonly Example[], settings: ThroughputSettings) {
  const data = toAxExamples(examples);
  const program = () => {
    const judge = ax.ax("transcript:string -> satisfied:boolean, critique:string");
    judge.setInstruction(settings.instruction);
    return judge;
  };
  const pooled = await measure("Ax", "forward in a pool", settings, data.length, (baseURL) =>
    forwardPool(program(), axService(ax, baseURL, settings.taskModel), data, settings.concurrency),
  );
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
  settings: ThroughputSettings,
) {
  return measure("promptfoo", "evaluate (maxConcurrency)", settings, examples.length, (baseURL) =>
    runPromptfoo(promptfoo, baseURL, examples, settings),
  );
}
