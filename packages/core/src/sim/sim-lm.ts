import { createHash } from "node:crypto";
import { LMError } from "../lm/errors.ts";
import { loadTokenizer } from "../lm/tokens.ts";
import type { LM, LMCapabilities, LMRequest, LMResponse, Usage } from "../lm/types.ts";
import { canonicalJson } from "../util/canonical-json.ts";
import { Random } from "../util/random.ts";
import { corruptAnswer, writeAnswer } from "./answer-writer.ts";
import { Dice } from "./dice.ts";
import { faultFor, noFaults, parseFaultSpec, type SimFaultKind, type SimFaults } from "./faults.ts";
import { simModelProfile } from "./model-profile.ts";
import { readPrompt } from "./prompt-reader.ts";
import { SimRateLimit } from "./rate-limit.ts";
import { type SimTask, simulateAnswer } from "./respond.ts";
import type { SimWorld } from "./sim-world.ts";
import { simWorld } from "./sim-worlds.ts";
import { simulatedUsage, truncateToTokens } from "./usage.ts";

export interface SimLMOptions {
  /** Milliseconds every call takes before it answers (default 0). */
  latencyMs?: number;
  /** How to wait; tests inject their own. Must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Requests per minute before calls fail with `rate_limit` and a retry-after. */
  rpm?: number;
  /** A limit shared with other SimLMs (wins over `rpm`). */
  rateLimit?: SimRateLimit;
  /** Fault rates, or a spec such as `500:0.05,timeout:0.02,malformed:0.03`. */
  faults?: SimFaults | string;
  now?: () => number;
  /**
   * The simulated world (sim-worlds.ts) when the model name picks none with `~world`
   * (default "default"). An unknown world, here or in the name, is an error naming the worlds.
   */
  world?: string;
}

/** What the simulated model says, before latency, limits and faults. */
export interface SimCompletion {
  text: string;
  usage: Usage;
  task: SimTask;
  /** True when `maxTokens` cut the answer short. */
  truncated: boolean;
}

type SimRequest = Pick<LMRequest, "messages" | "temperature" | "maxTokens" | "responseFormat" | "rolloutId">;

/**
 * A deterministic simulated LLM for `sim/<name>` models. It reads DSPy-style rendered prompts
 * and answers from the simulated world (world.ts); every response is marked `simulated`.
 *
 * @example
 * const lm = new SimLM("sim/strong", { latencyMs: 150, rpm: 600 });
 * const response = await lm.call({ messages });
 * response.simulated; // true
 */
export class SimLM implements LM {
  readonly model: string;
  readonly capabilities: LMCapabilities = { structuredOutputs: true, jsonMode: true };
  private readonly latencyMs: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly rateLimit: SimRateLimit | undefined;
  private readonly faults: SimFaults;
  private readonly now: () => number;
  private readonly world: SimWorld;
  /** Attempts per request key that drew a fault, so a retry draws afresh instead of failing forever. */
  private readonly faultAttempts = new Map<string, number>();
  private readonly rateLimitAttempts = new Map<string, number>();

  constructor(model: string, options: SimLMOptions = {}) {
    this.model = model;
    this.world = worldOf(model, options.world);
    this.latencyMs = options.latencyMs ?? 0;
    this.sleep = options.sleep ?? abortableSleep;
    this.now = options.now ?? Date.now;
    this.rateLimit =
      options.rateLimit ??
      (options.rpm === undefined ? undefined : new SimRateLimit({ rpm: options.rpm, now: this.now }));
    this.faults = typeof options.faults === "string" ? parseFaultSpec(options.faults) : (options.faults ?? noFaults);
  }

  async call(request: LMRequest): Promise<LMResponse> {
    const started = this.now();
    const meta = { provider: "sim", model: this.model };
    if (request.signal?.aborted) throw new LMError("cancelled", `sim: call to ${this.model} was cancelled`, meta);
    const key = requestKey(this.model, request);
    if (this.drawsExtraRateLimit(key)) {
      const message = `sim: ${this.model} answered an extra 429 (injected fault)`;
      const retryAfterMs = this.rateLimit?.peekWaitMs() ?? 1000;
      throw new LMError("rate_limit", message, { ...meta, status: 429, retryAfterMs });
    }
    const admitted = this.rateLimit?.tryAcquire();
    if (admitted && !admitted.ok) {
      const message = `sim: ${this.model} is over its limit of ${this.rateLimit?.rpm} requests per minute`;
      throw new LMError("rate_limit", message, { ...meta, status: 429, retryAfterMs: admitted.retryAfterMs });
    }
    const fault = this.drawFault(key);
    if (this.latencyMs > 0) await this.sleep(this.latencyMs, request.signal);
    if (fault === "server") {
      const status = this.faults.serverStatus;
      throw new LMError("server", `sim: simulated ${status} from ${this.model}`, { ...meta, status });
    }
    if (fault === "timeout") throw new LMError("timeout", `sim: simulated timeout from ${this.model}`, meta);
    await loadTokenizer();
    const completion = simulateCompletion(this.model, request, this.world.name);
    const text =
      fault === "malformed" ? corruptAnswer(completion.text, new Random(`${key}/malformed`)) : completion.text;
    return {
      text,
      usage: fault === "malformed" ? simulatedUsage(request.messages, text) : completion.usage,
      model: this.model,
      latencyMs: this.now() - started,
      cached: false,
      simulated: true,
    };
  }

  /** The injected 429s: their own draw per request and attempt, so they leave the other faults as they were. */
  private drawsExtraRateLimit(key: string): boolean {
    const rate = this.faults.rateLimit ?? 0;
    if (rate === 0) return false;
    const attempt = this.rateLimitAttempts.get(key) ?? 0;
    const hit = new Random(`${key}/429/${attempt}`).next() < rate;
    if (this.rateLimitAttempts.size > 50_000) this.rateLimitAttempts.clear();
    this.rateLimitAttempts.set(key, attempt + 1);
    return hit;
  }

  private drawFault(key: string): SimFaultKind | undefined {
    if (this.faults.server + this.faults.timeout + this.faults.malformed === 0) return undefined;
    const attempt = this.faultAttempts.get(key) ?? 0;
    const fault = faultFor(this.faults, new Random(`${key}/fault/${attempt}`).next());
    if (fault === undefined) this.faultAttempts.delete(key);
    else {
      if (this.faultAttempts.size > 50_000) this.faultAttempts.clear();
      this.faultAttempts.set(key, attempt + 1);
    }
    return fault;
  }
}

/**
 * The simulated model's answer to a request: pure and deterministic in (model, messages,
 * temperature, rollout id, world). The HTTP simulator and SimLM both answer through it. The
 * world is the one the model name picks (`sim/strong~evidence`), else `world`, else `default`.
 *
 * @example
 * simulateCompletion("sim/weak", { messages }).text; // '{\n  "reasoning": "...",\n  "satisfied": false\n}'
 */
export function simulateCompletion(model: string, request: SimRequest, world?: string): SimCompletion {
  const temperature = request.temperature ?? 0;
  const messages = request.messages.map((m) => ({ role: m.role, content: m.content }));
  const stableSeed = sha256(canonicalJson({ model, messages }));
  const sampleSeed = sha256(canonicalJson({ model, messages, temperature, rolloutId: request.rolloutId ?? null }));
  const prompt = readPrompt(messages, request.responseFormat);
  const dice = new Dice(stableSeed, sampleSeed, temperature);
  const answer = simulateAnswer(prompt, simModelProfile(model), dice, worldOf(model, world));
  const full = writeAnswer(answer.values, answer.fields, prompt.format);
  const { text, truncated } =
    request.maxTokens === undefined ? { text: full, truncated: false } : truncateToTokens(full, request.maxTokens);
  return { text, usage: simulatedUsage(messages, text), task: answer.task, truncated };
}

/**
 * The world a simulated model answers in: the name's `~world`, else `fallback`, else `default`.
 *
 * @example
 * simWorldOf("sim/gold~evidence").name; // "evidence"
 */
export function simWorldOf(model: string, fallback?: string): SimWorld {
  return simWorld(simModelProfile(model).world ?? fallback);
}

const worldOf = simWorldOf;

/** The content address of a request: what the fault draws hang off. */
function requestKey(model: string, request: SimRequest): string {
  const messages = request.messages.map((m) => ({ role: m.role, content: m.content }));
  return sha256(
    canonicalJson({ model, messages, temperature: request.temperature ?? 0, rolloutId: request.rolloutId ?? null }),
  );
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new LMError("cancelled", "sim: call was cancelled", { provider: "sim" }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
