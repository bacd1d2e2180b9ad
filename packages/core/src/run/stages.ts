/**
 * The pipeline's stages in the order a run goes through them. Each is idempotent: a finished
 * stage is skipped on resume, an unfinished one runs again (its LM calls come from the cache).
 */
export const stageNames = [
  "prepare",
  "generate",
  "label",
  "judge-eval",
  "judge-optimize",
  "gate",
  "generator-optimize",
  "compare",
  "report",
] as const;

export type StageName = (typeof stageNames)[number];

/** What each stage does, in the words the progress display uses. */
export const stageTitles: Readonly<Record<StageName, string>> = {
  prepare: "prepare datasets",
  generate: "generate baseline replies",
  label: "gold labels",
  "judge-eval": "evaluate baseline judge",
  "judge-optimize": "optimize judge",
  gate: "judge gate",
  "generator-optimize": "optimize generator",
  compare: "compare generators",
  report: "write report",
};

/** Stages that run only when the judge gate allows the judge to serve as a metric. */
export const gatedStages: ReadonlySet<StageName> = new Set(["generator-optimize", "compare"]);

/**
 * True when `name` is a stage of the pipeline.
 *
 * @example
 * isStageName("gate"); // true
 */
export function isStageName(name: string): name is StageName {
  return (stageNames as readonly string[]).includes(name);
}
