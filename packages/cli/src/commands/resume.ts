import { providerEnv, resumePipeline } from "@judgeloop/local";
import { type Command, InvalidArgumentError } from "commander";
import { progressDisplay } from "../progress.ts";
import { finishRun, pauseForTests } from "./pipeline.ts";
import { judgeloopHome } from "./prepare.ts";

interface ResumeFlags {
  out?: string;
  json?: boolean;
  limitRpm?: number;
}

/**
 * `judgeloop resume RUN`: continues a killed or failed run where it stopped: finished stages
 * are skipped, an interrupted optimization continues from its last checkpoint, and every LM
 * call made before is answered by the cache (no call is paid twice).
 *
 * @example
 * judgeloop resume run-20260314-101503-3fa2
 */
export function registerResume(program: Command): void {
  program
    .command("resume")
    .description("continue a killed or failed run from where it stopped, repeating no LM call")
    .argument("<run>", "the run id (see `judgeloop runs`)")
    .option("--out <dir>", "the judgeloop data directory (default: $JUDGELOOP_HOME or .judgeloop)")
    .option("--limit-rpm <n>", "requests per minute for every model", positiveNumber)
    .option("--json", "print the run summary as JSON on stdout; progress goes to stderr")
    .action(async (runId: string, flags: ResumeFlags) => {
      const home = judgeloopHome(flags.out);
      const display = progressDisplay(process.stderr);
      try {
        const outcome = await resumePipeline(runId, {
          home,
          env: providerEnv(process.env),
          ...(flags.limitRpm !== undefined && { limitRpm: flags.limitRpm }),
          onEvent: display.onEvent,
          checkpoint: pauseForTests,
        });
        display.close();
        await finishRun(outcome, home, flags.json === true);
      } finally {
        display.close();
      }
    });
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number");
  return n;
}
