import type { Command } from "commander";
import { registerCompare } from "./compare.ts";
import { registerDspyCommands } from "./dspy.ts";
import { registerEvaluate } from "./evaluate.ts";
import { registerGenerate } from "./generate.ts";
import { registerInspect } from "./inspect.ts";
import { registerLabel } from "./label.ts";
import { registerModels } from "./models.ts";
import { registerOptimize } from "./optimize.ts";
import { registerPipeline } from "./pipeline.ts";
import { registerPrepare } from "./prepare.ts";
import { registerReport } from "./report.ts";
import { registerResume } from "./resume.ts";
import { registerRuns } from "./runs.ts";
import { registerServe } from "./serve.ts";
import { registerSim } from "./sim.ts";
import { registerSynthesize } from "./synthesize.ts";

/**
 * Every subcommand registers itself here, one line each, in the order `--help` lists them.
 */
export function registerCommands(program: Command): void {
  registerDspyCommands(program);
  registerSynthesize(program);
  registerPrepare(program);
  registerGenerate(program);
  registerLabel(program);
  registerSim(program);
  registerServe(program);
  registerPipeline(program);
  registerRuns(program);
  registerResume(program);
  registerReport(program);
  registerEvaluate(program);
  registerOptimize(program);
  registerCompare(program);
  registerInspect(program);
  registerModels(program);
}
