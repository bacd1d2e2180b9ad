import { noopTracer, type Tracer } from "@judgeloop/core";
import { endpointOrigin, traceExportConfig } from "./trace-export-config.ts";

/** What the process traces with, once started; the no-op tracer until then (and when traces are off). */
let current: { tracer: Tracer; shutdown(): Promise<void>; flush(): Promise<void> } | undefined;

/**
 * Starts exporting this process's spans when the environment names an OTLP endpoint
 * (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT); otherwise does nothing
 * and loads nothing. Never throws: a bad endpoint is one line on `warn` and no traces.
 *
 * @example
 * await startProcessTracing(process.env, (line) => process.stderr.write(line));
 * try { await main(); } finally { await stopProcessTracing(); }
 */
export async function startProcessTracing(
  env: Record<string, string | undefined>,
  warn: (message: string) => void,
): Promise<void> {
  if (current) return;
  let config: ReturnType<typeof traceExportConfig>;
  try {
    config = traceExportConfig(env);
  } catch (error) {
    warn(`judgeloop: traces are off: ${(error as Error).message}\n`);
    return;
  }
  if (config === null) return;
  try {
    const { openOtelTracing } = await import("./otel-tracer.ts");
    current = openOtelTracing(config, warn);
  } catch (error) {
    const reason = error instanceof Error ? error.name : "unknown error";
    warn(`judgeloop: traces to ${endpointOrigin(config.url)} are off: the exporter did not start (${reason})\n`);
  }
}

/**
 * The process's tracer: the exporting one after startProcessTracing found an endpoint, else
 * the no-op tracer.
 *
 * @example
 * const lmFor = createLMFactory({ env, tracer: processTracer() });
 */
export function processTracer(): Tracer {
  return current?.tracer ?? noopTracer;
}

/**
 * Sends what is buffered, without stopping (a Lambda handler calls it at the end of each
 * invocation, since the process is frozen, not exited, between them).
 */
export async function flushProcessTracing(): Promise<void> {
  await current?.flush();
}

/** Sends what is buffered and stops exporting (the CLI calls it before exiting). Never throws. */
export async function stopProcessTracing(): Promise<void> {
  const stopping = current;
  current = undefined;
  await stopping?.shutdown();
}
