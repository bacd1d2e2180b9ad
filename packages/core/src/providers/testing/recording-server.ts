import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the server received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** One scripted answer: status, JSON body, extra headers, optional delay before answering. */
export interface ScriptedReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

/**
 * Test-only: an HTTP server on 127.0.0.1 (random port) that records every request and answers
 * from a queue of scripted replies, so provider SDKs can be exercised over their real wire
 * protocol. Not part of the library.
 *
 * @example
 * const server = await RecordingServer.start();
 * server.enqueue({ status: 200, body: { ok: true } });
 * // … point an SDK at server.url …
 * await server.close();
 */
export class RecordingServer {
  readonly requests: RecordedRequest[] = [];
  private readonly replies: ScriptedReply[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<RecordingServer> {
    let instance: RecordingServer | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        instance?.requests.push({
          method: request.method ?? "",
          path: request.url ?? "",
          headers: request.headers,
          body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        });
        const reply = instance?.replies.shift() ?? { status: 500, body: { error: { message: "no scripted reply" } } };
        const send = () => {
          if (response.destroyed) return;
          response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
          response.end(JSON.stringify(reply.body));
        };
        if (reply.delayMs) setTimeout(send, reply.delayMs);
        else send();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    instance = new RecordingServer(server, `http://127.0.0.1:${port}`);
    return instance;
  }

  enqueue(...replies: ScriptedReply[]): this {
    this.replies.push(...replies);
    return this;
  }

  /** Forgets recorded requests and pending replies between tests. */
  reset(): void {
    this.requests.length = 0;
    this.replies.length = 0;
  }

  get lastRequest(): RecordedRequest | undefined {
    return this.requests.at(-1);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }
}
