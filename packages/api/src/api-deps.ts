import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ArtifactStore, LabelStore, RunStore } from "@judgeloop/core";
import { type ApiLimits, defaultApiLimits } from "./body-guard.ts";
import { countingAdmission, type RunAdmission } from "./run-admission.ts";
import type { RunService } from "./run-service.ts";

/** One line per request: what an operator needs, never a body, a header value or a token. */
export interface ApiLogEntry {
  requestId: string;
  method: string;
  /** The path without its query string. */
  path: string;
  status: number;
  durationMs: number;
  /** The error code of a failed request; for a 500, the underlying error's code or class. */
  code?: string;
}

/**
 * Everything the app needs, injected by a composition root: `judgeloop serve` builds it from
 * the embedded runtime, the Lambda handler from AWS adapters.
 *
 * @example
 * createApp({ runStore, artifacts, runs, token: process.env.JUDGELOOP_API_TOKEN ?? "" });
 */
export interface ApiDeps {
  runStore: RunStore;
  artifacts: ArtifactStore;
  runs: RunService;
  /**
   * Decides whether a new run may start beside the active ones (`limits.maxActiveRuns`);
   * default: counting the RunStore's queued and running runs, exact only on a consistent store.
   */
  admission?: RunAdmission;
  /** The bearer token every /v1 request must present (16 characters or more). */
  token: string;
  limits?: Partial<ApiLimits>;
  /** The clock for dataset creation times; default the system clock. */
  now?: () => Date;
  /** Receives one entry per request; default: nothing is logged. */
  log?: (entry: ApiLogEntry) => void;
  /** SME label sets behind /v1/labels; without one those routes answer 501. */
  labels?: LabelStore;
}

/** The deps with defaults filled in, as the routes see them. */
export interface ApiContext {
  runStore: RunStore;
  artifacts: ArtifactStore;
  runs: RunService;
  admission: RunAdmission;
  limits: ApiLimits;
  now: () => Date;
  labels: LabelStore | undefined;
}

/** Per-request values the middleware shares with the handlers and the error handler. */
export interface ApiEnv {
  Variables: { requestId: string; errorCode: string | undefined };
}

export type ApiApp = OpenAPIHono<ApiEnv>;

/** Fills in the defaults of `deps`. */
export function apiContext(deps: ApiDeps): ApiContext {
  return {
    runStore: deps.runStore,
    artifacts: deps.artifacts,
    runs: deps.runs,
    admission: deps.admission ?? countingAdmission(deps.runStore),
    limits: { ...defaultApiLimits, ...deps.limits },
    now: deps.now ?? (() => new Date()),
    labels: deps.labels,
  };
}
