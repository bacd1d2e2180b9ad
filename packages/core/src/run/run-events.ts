import type { StageName } from "./stages.ts";

/** What a run tells its display as it goes; the same facts are kept in the RunStore. */
export type RunEvent =
  | { type: "run-start"; runId: string; resumed: boolean }
  | { type: "stage-start"; stage: StageName; index: number; total: number }
  | { type: "stage-progress"; stage: StageName; done: number; total: number; unit: string; detail?: string }
  | { type: "stage-end"; stage: StageName; status: "succeeded" | "skipped" | "failed"; ms: number; message?: string }
  | { type: "note"; message: string };

/** Receives run events; must not throw (a display bug must not fail a run). */
export type RunEventSink = (event: RunEvent) => void;
