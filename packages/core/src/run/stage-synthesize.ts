import type { SynthesizeConfig } from "../data/config.ts";
import { saveDatasetVersion } from "../data/dataset-store.ts";
import type { Row } from "../data/parsed-rows.ts";
import { synthesizeConversations } from "../data/synthesize.ts";
import { JudgeloopError } from "../errors.ts";
import { synthesisModelOf } from "./estimate-run.ts";
import { singlePredictorProgram } from "./programs.ts";
import { RunStopped, type StageContext } from "./stage-context.ts";
import { datasetData } from "./stage-data.ts";
import { runStagePass } from "./stage-pass.ts";
import type { DatasetData } from "./summary-types.ts";

/** The synthesis program's one predictor, as its stage passes store it. */
const synthesisPredictorName = "synthesize";

/**
 * The `data.synthesize` step of the prepare stage: conversations written from the seed
 * questions by the run's LM (metered, cached and budgeted like every other call), stored as a
 * dataset version whose lineage names the seed file's hash, the model and the seed. Each
 * attempt's calls are stage jobs (one per conversation) on the run's job runtime; the checks,
 * language filter and near-duplicate drop happen here when the attempt's results are collected.
 * A budget stop ends the run cleanly; a resumed run collects finished attempts without a call.
 *
 * @example
 * const { rows, dataset } = await synthesizedConversations(ctx, config.data.synthesize);
 */
export async function synthesizedConversations(
  ctx: StageContext,
  config: SynthesizeConfig,
): Promise<{ rows: Row[]; dataset: DatasetData }> {
  if (!ctx.services.loadSeeds) {
    throw new JudgeloopError("bad_config", "data.synthesize: this runtime cannot read seed files");
  }
  const { seeds, file, sha256 } = await ctx.services.loadSeeds(ctx.input);
  const without = seeds.filter((seed) => seed.company === undefined).length;
  if (without > 0 && config.company === undefined) {
    throw new JudgeloopError(
      "bad_config",
      `data.synthesize: ${without} seeds in ${file} have no company; set data.synthesize.company`,
    );
  }
  const model = synthesisModelOf(ctx.input);
  const result = await synthesizeConversations(seeds, {
    n: config.n,
    lm: ctx.lmFor(model),
    model,
    turns: config.turns,
    seed: config.seed,
    seedFile: { name: file, sha256 },
    ...(config.company !== undefined && { company: config.company }),
    detector: await ctx.services.languageDetector(),
    languages: config.languages,
    maxAttempts: config.maxAttempts,
    createdAt: ctx.now(),
    // Each attempt is a stage pass: one job per conversation, run by the run's job runtime (the
    // in-process workers here, the SQS workers on AWS), so the checks below see the same answers.
    runAttempt: ({ attempt, predictor, examples, sampling }) =>
      runStagePass(ctx, {
        program: singlePredictorProgram(synthesisPredictorName, predictor, "synthesizer"),
        examples,
        metric: { kind: "none" },
        model,
        unit: `conversations (attempt ${attempt})`,
        options: sampling,
      }),
  });
  if (result.stoppedReason === "budget_exceeded") {
    throw new RunStopped("budget_exceeded", result.stoppedMessage ?? "the run's budget is spent");
  }
  if (result.stoppedReason === "cancelled") throw new RunStopped("cancelled", "the run was cancelled");
  if (result.version.rows.length === 0) {
    const first = result.failed[0];
    throw new JudgeloopError(
      "synthesis_failed",
      `no valid conversation was written; the first: ${first?.reason ?? "?"}`,
    );
  }
  await saveDatasetVersion(ctx.artifacts, result.version);
  const simulated = result.simulated ? " (SIMULATED)" : "";
  ctx.note(`synthesized ${result.version.rows.length} of ${config.n} conversations with ${model}${simulated}`);
  if (result.failed.length > 0) ctx.note(`${result.failed.length} conversations failed every attempt (left out)`);
  return { rows: result.version.rows, dataset: datasetData("synthesized", result.version) };
}
