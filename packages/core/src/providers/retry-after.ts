/** Anything that answers header look-ups by name, such as a fetch `Headers` object. */
export interface HeaderSource {
  get(name: string): string | null;
}

const durationUnitMs: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000_001,
};

/**
 * Milliseconds in a duration string: Go style as OpenAI's reset headers send it ("1s", "6m0s",
 * "20ms", "1h2m3.5s"), protobuf style as Gemini's RetryInfo sends it ("23s", "0.300s"), or a bare
 * number of seconds. Undefined when the text is not a duration.
 *
 * @example
 * parseDuration("6m0s"); // 360000
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const part = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/y;
  let total = 0;
  let matched = 0;
  while (part.lastIndex < trimmed.length) {
    const found = part.exec(trimmed);
    if (!found) return undefined;
    total += Number(found[1]) * (durationUnitMs[found[2] ?? ""] ?? Number.NaN);
    matched++;
  }
  return matched > 0 && Number.isFinite(total) ? total : undefined;
}

/**
 * Milliseconds from a `retry-after` value: delay-seconds (fractions allowed) or an HTTP date,
 * measured from `nowMs`. Never negative; undefined when unparseable.
 *
 * @example
 * parseRetryAfterValue("2", Date.now()); // 2000
 */
export function parseRetryAfterValue(value: string, nowMs: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** A rate-limit budget a provider reports: how much is left and when it refills. */
interface ResetHeader {
  remaining: string;
  reset: string;
  format: "duration" | "timestamp";
}

const resetHeaders: readonly ResetHeader[] = [
  { remaining: "x-ratelimit-remaining-requests", reset: "x-ratelimit-reset-requests", format: "duration" },
  { remaining: "x-ratelimit-remaining-tokens", reset: "x-ratelimit-reset-tokens", format: "duration" },
  ...["requests", "tokens", "input-tokens", "output-tokens"].map(
    (budget): ResetHeader => ({
      remaining: `anthropic-ratelimit-${budget}-remaining`,
      reset: `anthropic-ratelimit-${budget}-reset`,
      format: "timestamp",
    }),
  ),
];

/**
 * Milliseconds until the provider's exhausted rate-limit budget refills, from OpenAI's
 * `x-ratelimit-reset-*` durations or Anthropic's `anthropic-ratelimit-*-reset` RFC 3339 times.
 * When some budget reports zero remaining, waits for the latest of those; otherwise for the
 * soonest reset of any, since it is unknown which one ran out.
 *
 * @example
 * rateLimitResetMs(new Headers({ "x-ratelimit-remaining-tokens": "0", "x-ratelimit-reset-tokens": "6m0s" }), Date.now()); // 360000
 */
export function rateLimitResetMs(headers: HeaderSource, nowMs: number): number | undefined {
  const exhausted: number[] = [];
  const all: number[] = [];
  for (const header of resetHeaders) {
    const raw = headers.get(header.reset);
    if (raw === null) continue;
    const wait = header.format === "duration" ? parseDuration(raw) : parseRetryAfterValue(raw, nowMs);
    if (wait === undefined) continue;
    all.push(wait);
    if (headers.get(header.remaining)?.trim() === "0") exhausted.push(wait);
  }
  if (exhausted.length > 0) return Math.max(...exhausted);
  return all.length > 0 ? Math.min(...all) : undefined;
}

/**
 * How long a provider asked us to wait, from response headers, in order of precedence:
 * `retry-after-ms`, `retry-after` (seconds or HTTP date), then the providers' rate-limit reset
 * headers. Undefined when the response says nothing.
 *
 * @example
 * retryAfterMsFromHeaders(new Headers({ "retry-after": "3" }), Date.now()); // 3000
 */
export function retryAfterMsFromHeaders(headers: HeaderSource | undefined, nowMs: number): number | undefined {
  if (!headers) return undefined;
  const millis = headers.get("retry-after-ms");
  if (millis !== null && /^\d+(\.\d+)?$/.test(millis.trim())) return Number(millis.trim());
  const retryAfter = headers.get("retry-after");
  const fromRetryAfter = retryAfter === null ? undefined : parseRetryAfterValue(retryAfter, nowMs);
  return fromRetryAfter ?? rateLimitResetMs(headers, nowMs);
}

/**
 * The `retryDelay` of a google.rpc.RetryInfo detail in a Google API error body
 * (`{"error": {"details": [{"@type": "…RetryInfo", "retryDelay": "23s"}]}}`), in milliseconds.
 *
 * @example
 * retryDelayFromGoogleErrorBody({ error: { details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "2s" }] } }); // 2000
 */
export function retryDelayFromGoogleErrorBody(body: unknown): number | undefined {
  const details = asRecord(asRecord(body)?.error)?.details;
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    const record = asRecord(detail);
    const type = record?.["@type"];
    const delay = record?.retryDelay;
    if (typeof type === "string" && type.endsWith("RetryInfo") && typeof delay === "string") {
      return parseDuration(delay);
    }
  }
  return undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}
