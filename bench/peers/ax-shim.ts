/**
 * A pass-through HTTP hop between Ax and `sim serve` (127.0.0.1 only) that re-renders Ax's
 * prompts in the layout the simulator reads (see ax-dialect.ts) and writes the answers back in
 * Ax's. Exactly one simulator request per Ax request, so the server's call count stays the truth.
 * Token usage is recomputed over the messages Ax actually sent, with the simulator's own formula,
 * so Ax is billed for its prompts, not for the translation.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { loadTokenizer, type Message } from "@judgeloop/core";
import { simulatedUsage } from "../../packages/core/src/sim/usage.ts";
import { readAxPrompt, type SimPrompt, toAxAnswer, toSimPrompt } from "./ax-dialect.ts";

export interface AxShimStats {
  /** Requests re-rendered for the simulator. */
  translated: number;
  /** Requests not in Ax's layout, forwarded unchanged. */
  passedThrough: number;
  /** Tokens of Ax's own messages and of the answers it received. */
  inputTokens: number;
  outputTokens: number;
}

export interface AxShim {
  baseURL: string;
  stats(): AxShimStats;
  close(): Promise<void>;
}

interface ChatBody {
  messages?: unknown;
  [key: string]: unknown;
}

/**
 * Starts the shim in front of `targetBaseURL` (a `sim serve` base URL ending in `/v1`).
 *
 * @example
 * const shim = await startAxShim(sim.baseURL);
 * ai({ name: "openai-compatible", apiURL: shim.baseURL, ... });
 */
export async function startAxShim(targetBaseURL: string): Promise<AxShim> {
  await loadTokenizer();
  const stats: AxShimStats = { translated: 0, passedThrough: 0, inputTokens: 0, outputTokens: 0 };
  const server = createServer((req, res) => {
    relay(req, res, targetBaseURL, stats).catch(() => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "the shim could not reach the simulator", type: "shim_error" } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    stats: () => ({ ...stats }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function relay(req: IncomingMessage, res: ServerResponse, target: string, stats: AxShimStats): Promise<void> {
  const body = await readBody(req);
  const path = (req.url ?? "/").replace(/^\/v1/, "");
  const parsed = body === "" ? undefined : (JSON.parse(body) as ChatBody);
  const messages = parsed && Array.isArray(parsed.messages) ? parsed.messages.map(toMessage) : undefined;
  const axPrompt = messages && readAxPrompt(messages);
  const sim = axPrompt && toSimPrompt(axPrompt);
  if (sim) stats.translated++;
  else stats.passedThrough++;
  const forwarded = parsed && sim ? JSON.stringify({ ...parsed, messages: sim.messages, stream: false }) : body;
  const upstream = await fetch(`${target}${path}`, {
    method: req.method ?? "POST",
    headers: { "content-type": "application/json" },
    ...(req.method === "POST" && { body: forwarded }),
  });
  const text = await upstream.text();
  const headers: Record<string, string> = {};
  upstream.headers.forEach((value, name) => {
    if (name !== "content-length") headers[name] = value;
  });
  const answer = upstream.ok && messages ? rewriteAnswer(text, messages, sim, stats) : text;
  res.writeHead(upstream.status, headers);
  res.end(answer);
}

/** Puts the Ax-shaped answer and Ax-side usage into the completion body. */
function rewriteAnswer(text: string, messages: Message[], sim: SimPrompt | undefined, stats: AxShimStats): string {
  const completion = JSON.parse(text) as {
    choices?: { message?: { content?: string } }[];
    usage?: Record<string, number>;
  };
  const choice = completion.choices?.[0]?.message;
  if (choice === undefined || typeof choice.content !== "string") return text;
  if (sim) choice.content = toAxAnswer(sim, choice.content);
  const usage = simulatedUsage(messages, choice.content);
  stats.inputTokens += usage.inputTokens;
  stats.outputTokens += usage.outputTokens;
  completion.usage = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
  return JSON.stringify(completion);
}

function toMessage(raw: unknown): Message {
  const record = (raw ?? {}) as { role?: unknown; content?: unknown };
  const role = record.role === "system" || record.role === "assistant" ? record.role : "user";
  const content = Array.isArray(record.content)
    ? record.content.map((part: { text?: unknown }) => (typeof part?.text === "string" ? part.text : "")).join("")
    : typeof record.content === "string"
      ? record.content
      : "";
  return { role, content };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
