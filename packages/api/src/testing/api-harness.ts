import { type ArtifactStore, InMemoryArtifactStore, InMemoryRunStore, type RunStore } from "@judgeloop/core";
import type { ApiApp, ApiDeps, ApiLogEntry } from "../api-deps.ts";
import { createApp } from "../app.ts";
import type { RunService } from "../run-service.ts";
import { SimRunService } from "./sim-run-service.ts";

export const testToken = "test-token-0123456789abcdef";

const artifactWrites = ["put"] as const;
const runStoreWrites = ["createRun", "updateRun", "appendTrial", "putResultOnce", "increment", "countOnce"] as const;

/**
 * Wraps a real store so that calls of its writing methods are counted: "nothing stored" is
 * then "no write was even attempted", which no read-back snapshot could miss.
 *
 * @example
 * const { store, writes } = countingWrites(new InMemoryArtifactStore(), ["put"]);
 */
export function countingWrites<T extends object>(
  inner: T,
  methods: readonly string[],
): { store: T; writes: () => number } {
  let count = 0;
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      const counted = typeof property === "string" && methods.includes(property);
      return (...args: unknown[]) => {
        if (counted) count++;
        return value.apply(target, args);
      };
    },
  });
  return { store, writes: () => count };
}

export interface ApiHarness {
  app: ApiApp;
  runStore: RunStore;
  artifacts: ArtifactStore;
  runs: SimRunService;
  logs: ApiLogEntry[];
  /** Writes attempted on either store so far. */
  writes(): number;
  /** `app.request` with the bearer token and, for a body, JSON content type. */
  call(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
}

/**
 * The app over in-memory stores and the simulator-backed SimRunService, with a log sink.
 *
 * @example
 * const api = apiHarness();
 * const response = await api.call("/v1/datasets", { method: "POST", body: upload });
 */
export function apiHarness(
  options: {
    limits?: ApiDeps["limits"];
    latencyMs?: number;
    runs?: (base: SimRunService) => RunService;
    admission?: ApiDeps["admission"];
  } = {},
): ApiHarness {
  const artifacts = countingWrites<ArtifactStore>(new InMemoryArtifactStore(), artifactWrites);
  const runStore = countingWrites<RunStore>(new InMemoryRunStore(), runStoreWrites);
  const sim = new SimRunService({
    runStore: runStore.store,
    artifacts: artifacts.store,
    ...(options.latencyMs !== undefined && { latencyMs: options.latencyMs }),
  });
  const logs: ApiLogEntry[] = [];
  const app = createApp({
    runStore: runStore.store,
    artifacts: artifacts.store,
    runs: options.runs ? options.runs(sim) : sim,
    token: testToken,
    log: (entry) => logs.push(entry),
    ...(options.limits !== undefined && { limits: options.limits }),
    ...(options.admission !== undefined && { admission: options.admission }),
  });
  const call: ApiHarness["call"] = (path, init = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${testToken}`, ...init.headers };
    const body =
      init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    if (body !== undefined) headers["content-type"] ??= "application/json";
    return Promise.resolve(
      app.request(path, { method: init.method ?? "GET", headers, ...(body !== undefined && { body }) }),
    );
  };
  return {
    app,
    runStore: runStore.store,
    artifacts: artifacts.store,
    runs: sim,
    logs,
    writes: () => artifacts.writes() + runStore.writes(),
    call,
  };
}

/** Three airline conversations in the shape `POST /v1/datasets` takes. */
export function sampleConversations(): Record<string, unknown>[] {
  return [
    {
      conversation_id: "c-1",
      company: "Delta",
      conversation: "Customer: my bag did not arrive in Boston, what now?",
    },
    {
      conversation_id: "c-2",
      company: "United",
      conversation: "Customer: my flight was cancelled\nSupport: Sorry to hear that!\nCustomer: can I get a refund?",
    },
    { conversation_id: "c-3", company: "JetBlue", conversation: "Customer: the wifi on board never worked" },
  ];
}

/** Polls GET /v1/runs/{id} until the run ends, as a client would. */
export async function waitForRunEnd(api: ApiHarness, runId: string, timeoutMs = 20_000): Promise<{ status: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = (await (await api.call(`/v1/runs/${runId}`)).json()) as { status: string };
    if (!["queued", "running"].includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
