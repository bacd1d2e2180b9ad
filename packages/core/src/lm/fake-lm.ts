import { JudgeloopError } from "../errors.ts";
import { LMError } from "./errors.ts";
import type { LM, LMCapabilities, LMRequest, LMResponse, Usage } from "./types.ts";

/** A scripted answer with optional overrides of what the fake reports about the call. */
export interface FakeResponse {
  text: string;
  usage?: Partial<Usage>;
  model?: string;
  /** Null reports an unknown price (the response carries no cost). */
  costUsd?: number | null;
  cached?: boolean;
  simulated?: boolean;
}

/** One scripted step: answer with this text, this response, or throw this error. */
export type FakeReply = string | FakeResponse | Error;

/** Decides each reply from the request and the zero-based call index. */
export type FakeResponder = (request: LMRequest, callIndex: number) => FakeReply | Promise<FakeReply>;

export interface FakeLMOptions {
  /** Reported as `LM.model` and in responses; default `fake/scripted`. */
  model?: string;
  capabilities?: Partial<LMCapabilities>;
  /** How long each call takes, waited through `sleep`; default 0. */
  latencyMs?: number | ((request: LMRequest, callIndex: number) => number);
  /** Injected so tests can control time; the default waits on a real timer and honours the signal. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Dollars per call, fixed or from usage; null = unknown price; default 0 (a fake costs nothing). */
  costUsd?: number | null | ((usage: Usage) => number);
  /** Marks every response as simulated, like the `sim` provider does. */
  simulated?: boolean;
}

/**
 * A scripted language model for unit tests: replies come from a queue or a function, every
 * request is recorded, latency goes through an injectable sleep, usage is counted in words.
 * It also tracks how many calls are in flight, so tests can check concurrency bounds.
 *
 * @example
 * const lm = new FakeLM([FakeLM.json({ satisfied: true }), new LMError("rate_limit", "429", { provider: "fake" })]);
 * await lm.call({ messages: [{ role: "user", content: "hi" }] }); // text: {"satisfied":true}
 * lm.requests.length; // 1
 */
export class FakeLM implements LM {
  readonly model: string;
  readonly capabilities: LMCapabilities;
  /** Every request received, in arrival order (including ones that failed). */
  readonly requests: LMRequest[] = [];
  private readonly queue: FakeReply[] = [];
  private readonly responder: FakeResponder | undefined;
  private readonly options: FakeLMOptions;
  private active = 0;
  private peak = 0;

  constructor(script: readonly FakeReply[] | FakeResponder = [], options: FakeLMOptions = {}) {
    this.model = options.model ?? "fake/scripted";
    this.capabilities = { structuredOutputs: false, jsonMode: false, ...options.capabilities };
    this.options = options;
    if (typeof script === "function") this.responder = script;
    else this.queue.push(...script);
  }

  /** The text of a JSON-adapter answer with these output values. */
  static json(outputs: Record<string, unknown>): string {
    return JSON.stringify(outputs);
  }

  /** The text of a chat-adapter answer: one `[[ ## name ## ]]` block per output, then completed. */
  static chat(outputs: Record<string, unknown>): string {
    const blocks = Object.entries(outputs).map(([name, value]) => {
      const body = typeof value === "string" ? value : JSON.stringify(value);
      return `[[ ## ${name} ## ]]\n${body}`;
    });
    return [...blocks, "[[ ## completed ## ]]"].join("\n\n");
  }

  /** Adds replies to the end of the queue (ignored when a responder function drives the fake). */
  enqueue(...replies: FakeReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  get callCount(): number {
    return this.requests.length;
  }

  /** Calls currently waiting on their latency. */
  get inFlight(): number {
    return this.active;
  }

  /** The largest number of calls that were in flight at the same time. */
  get maxInFlight(): number {
    return this.peak;
  }

  /** Replies still queued. */
  get remaining(): number {
    return this.queue.length;
  }

  get lastRequest(): LMRequest | undefined {
    return this.requests.at(-1);
  }

  async call(request: LMRequest): Promise<LMResponse> {
    const index = this.requests.length;
    this.requests.push(request);
    this.active++;
    this.peak = Math.max(this.peak, this.active);
    try {
      this.throwIfAborted(request.signal);
      const latencyMs = this.latencyFor(request, index);
      if (latencyMs > 0) await (this.options.sleep ?? abortableSleep)(latencyMs, request.signal);
      this.throwIfAborted(request.signal);
      const reply = await this.nextReply(request, index);
      if (reply instanceof Error) throw reply;
      return this.respond(request, typeof reply === "string" ? { text: reply } : reply, latencyMs);
    } finally {
      this.active--;
    }
  }

  private async nextReply(request: LMRequest, index: number): Promise<FakeReply> {
    if (this.responder) return this.responder(request, index);
    const reply = this.queue.shift();
    if (reply === undefined) {
      throw new JudgeloopError("fake_lm_exhausted", `FakeLM has no scripted reply for call #${index + 1}`);
    }
    return reply;
  }

  private respond(request: LMRequest, reply: FakeResponse, latencyMs: number): LMResponse {
    const usage: Usage = {
      inputTokens: request.messages.reduce((sum, m) => sum + countWords(m.content), 0),
      outputTokens: countWords(reply.text),
      cachedInputTokens: 0,
      reasoningTokens: 0,
      ...reply.usage,
    };
    const costUsd = reply.costUsd !== undefined ? reply.costUsd : this.costOf(usage);
    return {
      text: reply.text,
      usage,
      model: reply.model ?? this.model,
      latencyMs,
      cached: reply.cached ?? false,
      ...(costUsd !== null && { costUsd }),
      ...((reply.simulated ?? this.options.simulated) && { simulated: true }),
    };
  }

  private costOf(usage: Usage): number | null {
    const cost = this.options.costUsd === undefined ? 0 : this.options.costUsd;
    return typeof cost === "function" ? cost(usage) : cost;
  }

  private latencyFor(request: LMRequest, index: number): number {
    const latency = this.options.latencyMs ?? 0;
    return typeof latency === "number" ? latency : latency(request, index);
  }

  private throwIfAborted(signal: AbortSignal | undefined): void {
    if (signal?.aborted) {
      throw new LMError("cancelled", "fake LM call was cancelled", { provider: "fake", model: this.model });
    }
  }
}

function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => word !== "").length;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    // Waking early is enough: the caller re-checks the signal and throws the cancellation.
    signal?.addEventListener("abort", done, { once: true });
  });
}
