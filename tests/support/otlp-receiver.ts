import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";

// Test support: an OTLP/HTTP traces receiver on 127.0.0.1, as a collector would be. Bodies are
// decoded with the protobufjs code that @opentelemetry/otlp-transformer 0.57.2 generated from
// the official opentelemetry-proto definitions (installed as the devDependency alias
// `otlp-transformer-generated`; later versions of that package dropped the generated code for a
// hand-written encoder, which is what the exporter under test uses, so the two are independent).

interface ProtoLong {
  toString(): string;
}
interface AnyValue {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: number | ProtoLong | null;
  doubleValue?: number | null;
  arrayValue?: { values?: AnyValue[] | null } | null;
}
interface KeyValue {
  key: string;
  value?: AnyValue | null;
}
interface ProtoSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId?: Uint8Array | null;
  name: string;
  kind: number;
  startTimeUnixNano: number | ProtoLong;
  endTimeUnixNano: number | ProtoLong;
  attributes?: KeyValue[] | null;
  status?: { code?: number | null } | null;
}
interface ExportTraceServiceRequest {
  resourceSpans?: { resource?: { attributes?: KeyValue[] | null } | null; scopeSpans?: { spans?: ProtoSpan[] }[] }[];
}
interface GeneratedRoot {
  opentelemetry: {
    proto: {
      collector: {
        trace: {
          v1: {
            ExportTraceServiceRequest: { decode(bytes: Uint8Array): ExportTraceServiceRequest };
            ExportTraceServiceResponse: { encode(message: object): { finish(): Uint8Array } };
          };
        };
      };
    };
  };
}

const generated = createRequire(import.meta.url)(
  "otlp-transformer-generated/build/src/generated/root.js",
) as GeneratedRoot;
const traceService = generated.opentelemetry.proto.collector.trace.v1;

/** A span as received, with ids in hex and attributes as plain values. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 3 client. */
  kind: number;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  startNanos: bigint;
  endNanos: bigint;
  attributes: Record<string, string | number | boolean | string[]>;
  resource: Record<string, string | number | boolean | string[]>;
}

export interface OtlpReceiver {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT, e.g. `http://127.0.0.1:43187` (the exporter appends /v1/traces). */
  endpoint: string;
  spans(): ReceivedSpan[];
  /** The raw protobuf bodies, for scanning for secrets. */
  bodies(): Buffer[];
  /** Content types of the POSTs received. */
  contentTypes(): string[];
  close(): Promise<void>;
}

/**
 * Starts a receiver that accepts POST /v1/traces (application/x-protobuf), decodes each body
 * with the official definitions and answers an empty ExportTraceServiceResponse; anything
 * else gets 404. With `rejectWith`, every request gets that status and, like a careless
 * upstream, a body echoing the request's headers (credentials included).
 *
 * @example
 * const receiver = await startOtlpReceiver();
 * const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint };
 */
export async function startOtlpReceiver(options: { rejectWith?: number } = {}): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const bodies: Buffer[] = [];
  const contentTypes: string[] = [];
  const server = createServer((request, response) => {
    if (options.rejectWith !== undefined) {
      void reject(request, response, options.rejectWith);
      return;
    }
    void receive(request, response, { spans, bodies, contentTypes });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans: () => [...spans],
    bodies: () => [...bodies],
    contentTypes: () => [...contentTypes],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function receive(
  request: IncomingMessage,
  response: ServerResponse,
  into: { spans: ReceivedSpan[]; bodies: Buffer[]; contentTypes: string[] },
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (request.method !== "POST" || request.url !== "/v1/traces") {
    response.writeHead(404).end();
    return;
  }
  const body = Buffer.concat(chunks);
  into.bodies.push(body);
  into.contentTypes.push(request.headers["content-type"] ?? "");
  try {
    into.spans.push(...spansOf(traceService.ExportTraceServiceRequest.decode(body)));
  } catch {
    response.writeHead(400).end();
    return;
  }
  const answer = traceService.ExportTraceServiceResponse.encode({}).finish();
  response.writeHead(200, { "content-type": "application/x-protobuf" }).end(Buffer.from(answer));
}

async function reject(request: IncomingMessage, response: ServerResponse, status: number): Promise<void> {
  for await (const _ of request) {
    // drain the body
  }
  const echoed = JSON.stringify({ error: "unauthorized", headers: request.headers, url: request.url });
  response.writeHead(status, { "content-type": "application/json" }).end(echoed);
}

function spansOf(request: ExportTraceServiceRequest): ReceivedSpan[] {
  const received: ReceivedSpan[] = [];
  for (const resourceSpans of request.resourceSpans ?? []) {
    const resource = attributesOf(resourceSpans.resource?.attributes);
    for (const scope of resourceSpans.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
        received.push({
          traceId: hex(span.traceId),
          spanId: hex(span.spanId),
          parentSpanId: hex(span.parentSpanId),
          name: span.name,
          kind: span.kind,
          statusCode: span.status?.code ?? 0,
          startNanos: BigInt(span.startTimeUnixNano.toString()),
          endNanos: BigInt(span.endTimeUnixNano.toString()),
          attributes: attributesOf(span.attributes),
          resource,
        });
      }
    }
  }
  return received;
}

function attributesOf(pairs: KeyValue[] | null | undefined): ReceivedSpan["attributes"] {
  const result: ReceivedSpan["attributes"] = {};
  for (const { key, value } of pairs ?? []) {
    const plain = plainValue(value);
    if (plain !== undefined) result[key] = plain;
  }
  return result;
}

function plainValue(value: AnyValue | null | undefined): string | number | boolean | string[] | undefined {
  if (!value) return undefined;
  if (value.stringValue !== null && value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== null && value.boolValue !== undefined) return value.boolValue;
  if (value.doubleValue !== null && value.doubleValue !== undefined) return value.doubleValue;
  if (value.intValue !== null && value.intValue !== undefined) return Number(value.intValue.toString());
  if (value.arrayValue) return (value.arrayValue.values ?? []).map((v) => String(plainValue(v)));
  return undefined;
}

function hex(bytes: Uint8Array | null | undefined): string {
  return bytes && bytes.length > 0 ? Buffer.from(bytes).toString("hex") : "";
}
