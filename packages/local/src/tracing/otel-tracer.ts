// The OpenTelemetry side of tracing. Only process-tracing.ts imports this file, and only
// dynamically when an endpoint is configured, so the SDK is never loaded (nor bundled into the
// eager part of the CLI) otherwise.

import type { SpanAttributes, StartSpanOptions, Tracer, TraceSpan } from "@judgeloop/core";
import { type Context, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { ExportResultCode } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter, TracerProvider } from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { endpointOrigin, type TraceExportConfig } from "./trace-export-config.ts";

/** A tracer that exports, and how to flush it. */
export interface OtelTracing {
  tracer: Tracer;
  /** Exports what is buffered and stops; never throws. */
  shutdown(): Promise<void>;
  /** Exports what is buffered (the end of a Lambda invocation); never throws. */
  flush(): Promise<void>;
}

/**
 * A Tracer backed by the OpenTelemetry SDK: spans batched and sent as OTLP/HTTP protobuf to
 * `config.url`, parents tracked across awaits with AsyncLocalStorage (a context manager of its
 * own, not the global one). A failed export never fails anything: the first one is reported
 * through `warn` (with the endpoint's origin and an error code, nothing else), later ones are
 * dropped silently.
 *
 * @example
 * const { tracer, shutdown } = openOtelTracing(config, (line) => process.stderr.write(line));
 */
export function openOtelTracing(config: TraceExportConfig, warn: (message: string) => void): OtelTracing {
  const exporter = warnOnceOnFailure(new OTLPTraceExporter({ url: config.url }), config.url, warn);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName }),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  const contexts = new AsyncLocalStorageContextManager().enable();
  const tracer = new ContextTracer(provider.getTracer("judgeloop"), contexts, config.captureMessageContent);
  const quietly = (work: () => Promise<void>) => work().catch(() => undefined);
  return {
    tracer,
    flush: () => quietly(() => provider.forceFlush()),
    shutdown: () =>
      quietly(async () => {
        await provider.shutdown();
        contexts.disable();
      }),
  };
}

class OtelSpan implements TraceSpan {
  #ended = false;

  constructor(readonly span: Span) {}

  setAttributes(attributes: SpanAttributes): void {
    this.span.setAttributes(definedOnly(attributes));
  }

  fail(errorType: string): void {
    this.span.setAttribute("error.type", errorType);
    this.span.setStatus({ code: SpanStatusCode.ERROR });
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.span.end();
  }
}

class ContextTracer implements Tracer {
  readonly #tracer: ReturnType<TracerProvider["getTracer"]>;
  readonly #contexts: AsyncLocalStorageContextManager;
  readonly captureMessageContent: boolean;

  constructor(
    tracer: ReturnType<TracerProvider["getTracer"]>,
    contexts: AsyncLocalStorageContextManager,
    captureMessageContent: boolean,
  ) {
    this.#tracer = tracer;
    this.#contexts = contexts;
    this.captureMessageContent = captureMessageContent;
  }

  startSpan(name: string, options: StartSpanOptions = {}): TraceSpan {
    const parent: Context =
      options.parent instanceof OtelSpan
        ? trace.setSpan(this.#contexts.active(), options.parent.span)
        : this.#contexts.active();
    const kind = options.kind === "client" ? SpanKind.CLIENT : SpanKind.INTERNAL;
    const attributes = definedOnly(options.attributes ?? {});
    return new OtelSpan(this.#tracer.startSpan(name, { kind, attributes }, parent));
  }

  withSpan<T>(span: TraceSpan, work: () => Promise<T>): Promise<T> {
    if (!(span instanceof OtelSpan)) return work();
    return this.#contexts.with(trace.setSpan(this.#contexts.active(), span.span), work);
  }
}

function definedOnly(attributes: SpanAttributes): Record<string, string | number | boolean | string[]> {
  const result: Record<string, string | number | boolean | string[]> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    result[key] = Array.isArray(value) ? [...value] : (value as string | number | boolean);
  }
  return result;
}

/**
 * The exporter, reporting its first failure. The reason is an error code or HTTP status: an
 * exporter's message can quote the response body or the URL, which may carry a token.
 */
function warnOnceOnFailure(exporter: SpanExporter, url: string, warn: (message: string) => void): SpanExporter {
  let warned = false;
  return {
    export(spans: ReadableSpan[], done) {
      exporter.export(spans, (result) => {
        if (result.code === ExportResultCode.FAILED && !warned) {
          warned = true;
          warn(
            `judgeloop: could not export traces to ${endpointOrigin(url)} (${reasonOf(result.error)}); ` +
              "the run goes on without them, and later export errors are not shown\n",
          );
        }
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === "number") return `HTTP ${code}`;
  if (typeof code === "string" && /^[A-Z_0-9]+$/.test(code)) return code;
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  if (typeof cause === "string" && /^[A-Z_0-9]+$/.test(cause)) return cause;
  const name = (error as { name?: unknown } | undefined)?.name;
  return typeof name === "string" ? name : "unknown error";
}
