/**
 * The tracing port: what core needs to describe a run as a tree of spans (run → stage →
 * optimizer trial → LM call) without knowing who records them. The OpenTelemetry adapter lives
 * in @judgeloop/local and is loaded only when an OTLP endpoint is configured; everywhere else
 * `noopTracer` costs a function call.
 */

/** Attribute values a span can carry (OpenTelemetry's primitive kinds); undefined ones are dropped. */
export type SpanAttributeValue = string | number | boolean | readonly string[];
export type SpanAttributes = Record<string, SpanAttributeValue | undefined>;

/** One started span. Ending it twice is harmless. */
export interface TraceSpan {
  setAttributes(attributes: SpanAttributes): void;
  /** Marks the span failed: status ERROR and `error.type` (a code, never a prompt or message body). */
  fail(errorType: string): void;
  end(): void;
}

export interface StartSpanOptions {
  /** "client" for calls that leave the process (LM calls), "internal" otherwise (default). */
  kind?: "internal" | "client";
  attributes?: SpanAttributes;
  /** The parent; default the span active where startSpan is called (see `withSpan`). */
  parent?: TraceSpan;
}

/**
 * Starts spans and makes one the active parent for everything a piece of async work does.
 *
 * @example
 * const span = tracer.startSpan("stage prepare", { attributes: { "judgeloop.stage": "prepare" } });
 * try { await tracer.withSpan(span, () => runStage()); } finally { span.end(); }
 */
export interface Tracer {
  startSpan(name: string, options?: StartSpanOptions): TraceSpan;
  /** Runs `work` with `span` active, so spans started inside it, across awaits, are its children. */
  withSpan<T>(span: TraceSpan, work: () => Promise<T>): Promise<T>;
  /**
   * True when prompts and completions may be recorded on LM spans
   * (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true); off by default.
   */
  readonly captureMessageContent: boolean;
}

const noopSpan: TraceSpan = {
  setAttributes: () => undefined,
  fail: () => undefined,
  end: () => undefined,
};

/**
 * The tracer of a process with no exporter: records nothing.
 *
 * @example
 * const tracer = deps.tracer ?? noopTracer;
 */
export const noopTracer: Tracer = {
  startSpan: () => noopSpan,
  withSpan: (_span, work) => work(),
  captureMessageContent: false,
};

/**
 * Runs `work` inside a new span that ends when the work does, marked failed (with the error's
 * code or name) when it throws.
 *
 * @example
 * await inSpan(tracer, "run optimize", { attributes: { "judgeloop.run.id": id } }, (span) => optimize());
 */
export async function inSpan<T>(
  tracer: Tracer,
  name: string,
  options: StartSpanOptions,
  work: (span: TraceSpan) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(name, options);
  try {
    return await tracer.withSpan(span, () => work(span));
  } catch (error) {
    span.fail(errorTypeOf(error));
    throw error;
  } finally {
    span.end();
  }
}

/**
 * The `error.type` of an error: its stable code when it has one, else its class name. Never
 * its message, which may quote a provider's response.
 *
 * @example
 * errorTypeOf(new LMError("rate_limit", "...", { provider: "openai" })); // "lm_rate_limit"
 */
export function errorTypeOf(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return code;
    const name = (error as { name?: unknown }).name;
    if (typeof name === "string" && name !== "") return name;
  }
  return "_OTHER";
}
