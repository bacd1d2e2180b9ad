import { ParseError } from "../adapter/parse-error.ts";
import { runExample } from "../evaluate/run-example.ts";
import type { EvaluationRecord, Metric } from "../evaluate/types.ts";
import { LMError } from "../lm/errors.ts";
import { addUsage, emptyUsage, type LM } from "../lm/types.ts";
import type { CallOptions, LMResolver } from "../module/call-options.ts";
import { Predict } from "../module/predict.ts";
import { type LMCallRecord, sumCost } from "../module/prediction.ts";
import type { Predictors, Program } from "../module/program.ts";
import { exampleFromData } from "./example-data.ts";
import { reflectionSignature } from "./gepa-reflection.ts";
import type {
  EvaluateJob,
  MiproJob,
  MiproJobResult,
  ProposeJob,
  ReflectJob,
  SummarizeJob,
  TraceJob,
} from "./mipro-jobs.ts";
import { programWithPrompts } from "./program-prompts.ts";
import { datasetSummarySignature, instructionProposalSignature } from "./proposal-prompts.ts";
import { traceExample } from "./trace-example.ts";

/** What a worker needs besides the job: the program's code and LMs, the metric, the proposer. */
export interface MiproJobContext<P extends Predictors = Predictors> {
  /** The program being optimized; jobs load their instructions and demos into a copy of it. */
  program: Program<P>;
  metric: Metric;
  /** The LM that writes dataset summaries and instruction proposals. */
  proposerLM: LM;
  /** Produces bootstrap traces instead of the baseline program. */
  teacher?: Program;
  /** Default LM for predictors not bound to their own. */
  lm?: LM;
  resolveLM?: LMResolver;
  timeoutMs?: number;
  signal?: AbortSignal;
  clock?: () => number;
}

/**
 * Does the LM work of one job: one program call (plus metric) on one example, one traced
 * teacher run, one summary or one proposal. Never throws for a failed call: the result records
 * the error kind, and budget refusals and cancellations come back as `not_run`.
 *
 * @example
 * const results = await Promise.all(jobs.map((job) => runMiproJob(job, { program, metric, proposerLM })));
 */
export async function runMiproJob<P extends Predictors>(
  job: MiproJob,
  context: MiproJobContext<P>,
): Promise<MiproJobResult> {
  switch (job.kind) {
    case "evaluate":
      return runEvaluate(job, context);
    case "trace":
      return runTrace(job, context);
    case "summarize":
    case "propose":
    case "reflect":
      return runText(job, context);
  }
}

async function runEvaluate<P extends Predictors>(
  job: EvaluateJob,
  context: MiproJobContext<P>,
): Promise<MiproJobResult> {
  const record = await runExample(
    {
      program: programWithPrompts(context.program, job.program),
      metric: context.metric,
      callOptions: callOptionsOf(context, {}),
      timeoutMs: context.timeoutMs,
      signal: context.signal,
      clock: context.clock ?? (() => performance.now()),
    },
    exampleFromData(job.example),
    job.exampleIndex,
  );
  const extra = job.withFeedback
    ? { outputs: record.outputs, ...(record.feedback !== undefined && { feedback: record.feedback }) }
    : {};
  return { jobId: job.id, kind: "evaluate", ...fromRecord(record), ...extra };
}

async function runTrace<P extends Predictors>(job: TraceJob, context: MiproJobContext<P>): Promise<MiproJobResult> {
  const rollout = {
    ...(job.temperature !== undefined && { temperature: job.temperature }),
    ...(job.rolloutId !== undefined && { rolloutId: job.rolloutId }),
  };
  const run = {
    metric: context.metric,
    callOptions: callOptionsOf(context, rollout),
    ...(context.timeoutMs !== undefined && { timeoutMs: context.timeoutMs }),
    ...(context.signal && { signal: context.signal }),
    ...(context.clock && { clock: context.clock }),
  };
  const example = exampleFromData(job.example);
  const { record, steps } = context.teacher
    ? await traceExample(context.teacher, example, job.exampleIndex, run)
    : await traceExample(programWithPrompts(context.program, job.program), example, job.exampleIndex, run);
  return { jobId: job.id, kind: "trace", ...fromRecord(record), steps };
}

const textSignatures = {
  summarize: datasetSummarySignature,
  propose: instructionProposalSignature,
  reflect: reflectionSignature,
};

async function runText(
  job: SummarizeJob | ProposeJob | ReflectJob,
  context: Pick<MiproJobContext, "proposerLM" | "signal" | "clock">,
): Promise<MiproJobResult> {
  const signature = textSignatures[job.kind]();
  const output = job.kind === "summarize" ? "summary" : "proposed_instruction";
  const calls: LMCallRecord[] = [];
  const clock = context.clock ?? (() => performance.now());
  const started = clock();
  const options: CallOptions = {
    lm: context.proposerLM,
    onCall: (call) => calls.push(call),
    ...(job.kind !== "summarize" && { temperature: job.temperature, rolloutId: job.rolloutId }),
    ...(context.signal && { signal: context.signal }),
  };
  const accounting = () => ({
    calls: calls.length,
    usage: calls.reduce((sum, c) => addUsage(sum, c.usage), emptyUsage()),
    costUsd: sumCost(calls),
    latencyMs: clock() - started,
  });
  try {
    const prediction = await new Predict(signature).call(job.inputs, options);
    const text = prediction.get(output);
    return {
      jobId: job.id,
      kind: job.kind,
      status: "ok",
      text: typeof text === "string" ? text : String(text),
      ...accounting(),
    };
  } catch (error) {
    const errorKind = kindOf(error);
    const status = errorKind === "budget_exceeded" || errorKind === "cancelled" ? "not_run" : "error";
    const errorMessage = error instanceof Error ? error.message : String(error);
    return { jobId: job.id, kind: job.kind, status, text: null, errorKind, errorMessage, ...accounting() };
  }
}

function fromRecord(record: EvaluationRecord) {
  return {
    status: record.status,
    score: record.status === "scored" ? record.score : null,
    ...(record.errorKind !== undefined && { errorKind: record.errorKind }),
    ...(record.errorMessage !== undefined && { errorMessage: record.errorMessage }),
    calls: record.calls,
    usage: record.usage,
    costUsd: record.costUsd,
    latencyMs: record.latencyMs,
  };
}

function callOptionsOf(context: Pick<MiproJobContext, "lm" | "resolveLM">, extra: CallOptions): CallOptions {
  return {
    ...(context.lm && { defaultLM: context.lm }),
    ...(context.resolveLM && { resolveLM: context.resolveLM }),
    ...extra,
  };
}

function kindOf(error: unknown): string {
  if (error instanceof ParseError) return "parse";
  if (error instanceof LMError) return error.kind;
  return "exception";
}
