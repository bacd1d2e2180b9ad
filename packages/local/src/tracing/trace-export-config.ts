/**
 * Whether and where this process exports traces, read from the standard OpenTelemetry
 * variables. Kept apart from the SDK so that deciding "off" loads nothing.
 */
export interface TraceExportConfig {
  /** The OTLP/HTTP traces URL, e.g. `http://127.0.0.1:4318/v1/traces`. */
  url: string;
  /** OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true: prompts and completions go on LM spans. */
  captureMessageContent: boolean;
  /** OTEL_SERVICE_NAME, default `judgeloop`. */
  serviceName: string;
}

/**
 * The export settings of an environment, or null when traces are off: no
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as it is) nor OTEL_EXPORTER_OTLP_ENDPOINT (which gets
 * `/v1/traces` appended), or OTEL_SDK_DISABLED=true, or OTEL_TRACES_EXPORTER=none. A URL that
 * does not parse is an error naming the variable (the caller warns and runs without traces).
 *
 * @example
 * traceExportConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" })?.url; // "http://127.0.0.1:4318/v1/traces"
 */
export function traceExportConfig(env: Record<string, string | undefined>): TraceExportConfig | null {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return null;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === "none") return null;
  const tracesEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const [variable, url] = tracesEndpoint
    ? ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", tracesEndpoint]
    : endpoint
      ? ["OTEL_EXPORTER_OTLP_ENDPOINT", `${endpoint.replace(/\/+$/, "")}/v1/traces`]
      : [undefined, undefined];
  if (variable === undefined || url === undefined) return null;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new Error(`${variable} is not an http(s) URL`);
  }
  return {
    url,
    captureMessageContent: env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT?.trim().toLowerCase() === "true",
    serviceName: env.OTEL_SERVICE_NAME?.trim() || "judgeloop",
  };
}

/**
 * Where traces go, safe to print: scheme, host and port only (no user info, path or query,
 * which can hold credentials).
 *
 * @example
 * endpointOrigin("https://user:secret@otel.example.com/v1/traces?key=k"); // "https://otel.example.com"
 */
export function endpointOrigin(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : "(unparsable URL)";
}
