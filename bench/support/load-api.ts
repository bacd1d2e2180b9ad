import { createApp, startApiServer } from "@judgeloop/api";
import { InMemoryArtifactStore, InMemoryRunStore } from "@judgeloop/core";
import { sampleConversations } from "../../packages/api/src/testing/api-harness.ts";
import { SimRunService } from "../../packages/api/src/testing/sim-run-service.ts";
import { quantile } from "./measure.ts";

export interface ApiBurstOptions {
  /** POST /v1/runs requests sent at once. */
  requests: number;
  /** Distinct Idempotency-Keys among them; the rest repeat keys already in the burst. */
  distinctKeys: number;
}

export interface ApiBurstResult extends ApiBurstOptions {
  /** Which RunService answered: the API's simulator-backed test service over in-memory stores. */
  runService: string;
  statuses: Record<number, number>;
  serverErrors: number;
  runsStored: number;
  /** Keys whose responses did not all carry one run id, plus runs stored for no key. */
  idempotencyViolations: number;
  p50LatencyMs: number;
  p99LatencyMs: number;
  succeededRuns: number;
  secondsToAllDone: number;
}

const token = "load-bench-token-0123456789abcdef";

/**
 * Serves the API on 127.0.0.1 and sends a burst of concurrent run submissions with distinct
 * and repeated Idempotency-Keys, then polls every run until it ends. The local engine does not
 * implement the API's RunService yet, so the API's own SimRunService (in-memory stores) runs them.
 *
 * @example
 * const result = await runApiBurst({ requests: 50, distinctKeys: 30 });
 */
export async function runApiBurst(options: ApiBurstOptions): Promise<ApiBurstResult> {
  const runStore = new InMemoryRunStore();
  const artifacts = new InMemoryArtifactStore();
  const runs = new SimRunService({ runStore, artifacts });
  // The default of 20 active runs would refuse part of the burst with 429 by design; the
  // burst measures the idempotent start path, so the limit is raised to fit it.
  const limits = { maxActiveRuns: options.distinctKeys + 1 };
  const server = await startApiServer(createApp({ runStore, artifacts, runs, token, limits }), { port: 0 });
  try {
    const call = (path: string, init: RequestInit = {}) =>
      fetch(`${server.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
      });
    const upload = await call("/v1/datasets", {
      method: "POST",
      body: JSON.stringify({ name: "airline-support", rows: sampleConversations() }),
    });
    const { id: dataset } = (await upload.json()) as { id: string };
    const body = JSON.stringify({
      config: { name: "airline-support", data: { dataset }, models: { generator: "sim/default", judge: "sim/strong" } },
      budget: { capUsd: 1 },
    });
    const keys = Array.from({ length: options.requests }, (_, i) => `burst-${i % options.distinctKeys}`);
    const answers = await Promise.all(keys.map((key) => submit(call, key, body)));
    const started = performance.now();
    const ids = [...new Set(answers.flatMap((answer) => (answer.id ? [answer.id] : [])))];
    const ended = await Promise.all(ids.map((id) => waitForEnd(call, id)));
    const secondsToAllDone = (performance.now() - started) / 1000;
    await runs.idle();

    const statuses: Record<number, number> = {};
    for (const answer of answers) statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    const idsByKey = new Map<string, Set<string | undefined>>();
    answers.forEach((answer, i) => {
      const key = keys[i] ?? "";
      idsByKey.set(key, (idsByKey.get(key) ?? new Set()).add(answer.id));
    });
    const runsStored = (await runStore.listRuns()).length;
    const splitKeys = [...idsByKey.values()].filter((set) => set.size !== 1 || set.has(undefined)).length;
    const latencies = answers.map((answer) => answer.latencyMs);
    return {
      ...options,
      runService: "SimRunService (packages/api/src/testing), in-memory stores",
      statuses,
      serverErrors: answers.filter((answer) => answer.status >= 500).length,
      runsStored,
      idempotencyViolations: splitKeys + Math.abs(runsStored - idsByKey.size),
      p50LatencyMs: quantile(latencies, 0.5),
      p99LatencyMs: quantile(latencies, 0.99),
      succeededRuns: ended.filter((status) => status === "succeeded").length,
      secondsToAllDone,
    };
  } finally {
    await server.close();
  }
}

type Call = (path: string, init?: RequestInit) => Promise<Response>;

async function submit(call: Call, key: string, body: string) {
  const started = performance.now();
  const response = await call("/v1/runs", { method: "POST", body, headers: { "idempotency-key": key } });
  const json = (await response.json()) as { id?: string };
  return { status: response.status, id: json.id, latencyMs: performance.now() - started };
}

/** Polls GET /v1/runs/{id} as a client would, for at most a minute. */
async function waitForEnd(call: Call, runId: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { status } = (await (await call(`/v1/runs/${runId}`)).json()) as { status: string };
    if (!["queued", "running"].includes(status) || Date.now() > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
