import {
  type ArtifactStore,
  type ExampleData,
  getJson,
  JudgeloopError,
  type MiproOptions,
  optimizerSettingsSchema,
  type ProgramState,
  type RunRecord,
} from "@judgeloop/core";
import { z } from "zod";

const modelName = z.string().regex(/^[a-z0-9][a-z0-9-]*\/\S+$/, "expected provider/model, e.g. openai/gpt-4o-mini");
const key = z.string().min(1).max(512);
const count = (min: number) => z.number().int().min(min);

/** How a job's prediction is scored: one output field against the label, or a judge program. */
const metricSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("exact"), field: z.string().min(1) }),
  z.strictObject({
    kind: z.literal("judge"),
    /** The judge's ProgramState (one predictor). */
    programKey: key,
    model: modelName,
    replyField: z.string().min(1).optional(),
    conversationField: z.string().min(1).optional(),
    transcriptField: z.string().min(1).optional(),
    verdictField: z.string().min(1).optional(),
  }),
]);

/**
 * Which optimizer a run uses (`kind`: mipro by default, or gepa) and the sizes it may set (the
 * pipeline config's optimizer settings, plus `minibatch`); everything else comes from the
 * preset, which is left to the optimizer when `auto` is absent.
 */
export const optimizerSchema = optimizerSettingsSchema.extend({
  auto: z.enum(["light", "medium", "heavy"]).nullable().optional(),
  minibatch: z.boolean().optional(),
});

/**
 * What an optimization run on AWS is started with (the run record's `input`): a saved
 * single-predictor program, its train (and optional validation) examples, the metric, the
 * models, the optimizer and its sizes, and the run's caps. Large things are S3 keys.
 */
export const optimizeSpecSchema = z.strictObject({
  kind: z.literal("optimize"),
  programKey: key,
  /** A JSON array of examples `{id, values, inputs}`. */
  trainsetKey: key,
  valsetKey: key.optional(),
  metric: metricSchema,
  models: z.strictObject({ task: modelName, proposer: modelName }),
  optimizer: optimizerSchema.default({}),
  budget: z.strictObject({ capUsd: z.number().positive().optional(), maxCalls: count(1).optional() }).optional(),
  /**
   * The run whose budget ledger and LM meter the calls count against: a pipeline run's
   * optimizations share its cap and its spend. Default: this run.
   */
  account: z.string().min(1).max(80).optional(),
  /** Set when a pipeline stage started this run: which run and stage wait for it. */
  parent: z.strictObject({ runId: z.string().min(1), stage: z.string().min(1) }).optional(),
  /** Set by the nightly job: the program whose champion this run challenges. */
  challenge: z
    .strictObject({ program: z.string().min(1), championVersion: z.string().min(1), fromModel: modelName })
    .optional(),
});

export type OptimizeSpec = z.infer<typeof optimizeSpecSchema>;
export type MetricSpec = OptimizeSpec["metric"];

const exampleSchema = z.object({
  id: z.string().min(1),
  values: z.record(z.string(), z.unknown()),
  inputs: z.array(z.string()).min(1),
});

/**
 * The optimize spec of a run, or a `bad_run_input` error naming the first bad field.
 *
 * @example
 * const spec = specOfRun(await runStore.getRun(runId));
 */
export function specOfRun(run: RunRecord): OptimizeSpec {
  const parsed = optimizeSpecSchema.safeParse(run.input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || "(input)";
  throw new JudgeloopError("bad_run_input", `run ${run.id} is not an optimize run: input.${field}: ${issue?.message}`);
}

/**
 * The MIPRO options of a spec: its sizes, its caps (so the plan shrinks to fit) and the run id
 * the jobs are keyed by.
 *
 * @example
 * planMipro({ program, trainset, options: miproOptionsOf(spec, runId) });
 */
export function miproOptionsOf(spec: OptimizeSpec, runId: string): MiproOptions {
  const { auto, kind: _kind, maxMetricCalls: _maxMetricCalls, ...sizes } = spec.optimizer;
  const options: MiproOptions = { ...sizes, runId };
  if (auto !== undefined) options.auto = auto;
  if (spec.budget) options.budget = spec.budget;
  options.estimate = {
    taskModel: spec.models.task,
    proposerModel: spec.models.proposer,
    ...(spec.metric.kind === "judge" && { metricModel: spec.metric.model, metricCallsPerExample: 1 }),
  };
  return options;
}

/**
 * A saved program, or `missing_artifact` naming the key.
 *
 * @example
 * const program = await loadProgramState(artifacts, spec.programKey);
 */
export async function loadProgramState(artifacts: ArtifactStore, programKey: string): Promise<ProgramState> {
  const state = await getJson(artifacts, programKey);
  if (state === null || typeof state !== "object" || !("predictors" in state)) {
    throw new JudgeloopError("missing_artifact", `no program at ${programKey}`);
  }
  return state as ProgramState;
}

/**
 * A stored example set, or an error naming the key and the first bad example.
 *
 * @example
 * const trainset = await loadExamples(artifacts, spec.trainsetKey);
 */
export async function loadExamples(artifacts: ArtifactStore, examplesKey: string): Promise<ExampleData[]> {
  const value = await getJson(artifacts, examplesKey);
  if (value === null) throw new JudgeloopError("missing_artifact", `no examples at ${examplesKey}`);
  const parsed = z.array(exampleSchema).min(1).safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.join(".") || "(top level)";
    throw new JudgeloopError("bad_examples", `${examplesKey} is not an example list: ${at}: ${issue?.message}`);
  }
  return parsed.data;
}
