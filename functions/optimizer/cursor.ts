import { JudgeloopError } from "@judgeloop/core";
import { z } from "zod";

const runIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._=-]{0,79}$/, "must be a run id");

/**
 * Set with each round (Suggest, RunStages, Sweep): how long its Dispatch waits for the task token,
 * sized by the work ahead of it (`roundWaitSeconds`); the Dispatch Task's `TimeoutSecondsPath`.
 */
const dispatchWaitField = { dispatchWaitSeconds: z.number().int().min(1).optional() };

/** Set by Sweep: the round's completed jobs at the last sweep and the sweeps in a row that saw no more. */
const sweepProgressFields = {
  completedAtSweep: z.number().int().min(0).optional(),
  stalledSweeps: z.number().int().min(0).optional(),
};

/**
 * The small JSON the state machine passes between steps: which run, which step, where its
 * state is, and the flags its Choice states read. Everything else lives in S3.
 */
export const cursorSchema = z.object({
  runId: runIdSchema,
  step: z.number().int().min(0),
  stateKey: z.string().min(1),
  /** The optimizer's phase (MIPRO: plan, bootstrap, propose, search, confirm; GEPA: plan, seed, search, confirm; done). */
  phase: z.enum(["plan", "bootstrap", "propose", "seed", "search", "confirm", "done"]),
  /** The Task that takes the state next: what the state machine's "Next step" Choice routes on. */
  next: z.enum(["bootstrap", "propose", "observe", "finalize"]),
  done: z.boolean(),
  /** Set by Suggest: the round's jobs. */
  jobsKey: z.string().min(1).optional(),
  jobCount: z.number().int().min(0).optional(),
  /** Dispatches of this round so far minus one: 0 first, +1 per sweep. */
  attempt: z.number().int().min(0).optional(),
  ...sweepProgressFields,
  ...dispatchWaitField,
});

export type Cursor = z.infer<typeof cursorSchema>;

/** A cursor of a round that Suggest has written. */
export type RoundCursor = Cursor & JobRound;

/**
 * A round of jobs on the job queue, wherever it comes from: an optimizer step's (a cursor with
 * its round fields) or a pipeline stage pass's (RunStages plans those; `stage` names it).
 */
export interface JobRound {
  runId: string;
  step: number;
  jobsKey: string;
  jobCount: number;
  /** Dispatches of this round so far minus one: 0 first, +1 per sweep. */
  attempt: number;
  /** Completed jobs the last sweep found (absent before the first sweep). */
  completedAtSweep?: number;
  /** Sweeps in a row that found no more completed jobs than the one before. */
  stalledSweeps?: number;
  /** How long this attempt's Dispatch waits for the task token (seconds). */
  dispatchWaitSeconds?: number;
}

/** A pipeline stage pass's round, as RunStages returns it and the pipeline machine passes it on. */
export const stageRoundSchema = z.object({
  runId: runIdSchema,
  stage: z.string().min(1),
  step: z.number().int().min(0),
  jobsKey: z.string().min(1),
  jobCount: z.number().int().min(0),
  attempt: z.number().int().min(0).optional(),
  ...sweepProgressFields,
  ...dispatchWaitField,
});

/** What Dispatch and Sweep take: an optimizer cursor or a stage pass's round (strict first). */
const roundEventCursorSchema = z.union([cursorSchema, stageRoundSchema]);

/** The first event of an execution: the run to optimize. */
export const startEventSchema = z.object({ runId: runIdSchema });

/** Dispatch's event: the cursor, the task token to wait on, and the job queue. */
export const dispatchEventSchema = z.object({
  cursor: roundEventCursorSchema,
  taskToken: z.string().min(1),
  queueUrl: z.string().min(1).optional(),
});

/** Sweep's event: the cursor (with the timeout under `timeout`) and the job queue. */
export const sweepEventSchema = z.object({ cursor: roundEventCursorSchema, queueUrl: z.string().min(1).optional() });

/** RecordFailure's event: the state of the failed Task with Catch's `{Error, Cause}` under `error`. */
export const failureEventSchema = z.object({
  runId: runIdSchema,
  error: z.object({ Error: z.string().default("States.TaskFailed"), Cause: z.string().default("") }),
});

/**
 * Parses a step's event, naming the first bad field: a malformed event is a bug in the state
 * machine, so it fails the run rather than guess.
 *
 * @example
 * const cursor = parseEvent(cursorSchema, event, "observe");
 */
export function parseEvent<T>(schema: z.ZodType<T>, event: unknown, step: string): T {
  const parsed = schema.safeParse(event);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || "(event)";
  throw new JudgeloopError("bad_step_event", `the ${step} step's event is malformed: ${field}: ${issue?.message}`);
}

/**
 * The cursor's round fields, required once Suggest has run.
 *
 * @example
 * const round = requireRound(cursor, "dispatch");
 */
export function requireRound<
  C extends { runId: string; step: number; jobsKey?: string; jobCount?: number; attempt?: number },
>(cursor: C, step: string): C & JobRound {
  const { jobsKey, jobCount, attempt } = cursor;
  if (jobsKey === undefined || jobCount === undefined) {
    throw new JudgeloopError("bad_step_event", `the ${step} step needs a round: jobsKey and jobCount are missing`);
  }
  return { ...cursor, jobsKey, jobCount, attempt: attempt ?? 0 };
}
