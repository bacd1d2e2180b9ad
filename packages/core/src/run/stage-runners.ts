import { compareStage } from "./stage-compare.ts";
import type { StageContext } from "./stage-context.ts";
import { gateStage } from "./stage-gate.ts";
import { generateStage } from "./stage-generate.ts";
import { generatorOptimizeStage } from "./stage-generator-optimize.ts";
import { judgeEvalStage } from "./stage-judge-eval.ts";
import { judgeOptimizeStage } from "./stage-judge-optimize.ts";
import { labelStage } from "./stage-label.ts";
import type { StageOutputs } from "./stage-outputs.ts";
import { prepareStage } from "./stage-prepare.ts";
import { reportStage } from "./stage-report.ts";
import type { StageName } from "./stages.ts";

type Runners = { [K in StageName]: (ctx: StageContext) => Promise<NonNullable<StageOutputs[K]>> };

/** The function behind each stage. */
export const stageRunners: Runners = {
  prepare: prepareStage,
  generate: generateStage,
  label: labelStage,
  "judge-eval": judgeEvalStage,
  "judge-optimize": judgeOptimizeStage,
  gate: gateStage,
  "generator-optimize": generatorOptimizeStage,
  compare: compareStage,
  report: reportStage,
};
