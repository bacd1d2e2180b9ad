// Where one run's optimizer keeps its files in the artifact store. Each step writes under its
// own step number, so a step that runs twice (a retry) overwrites its own output, nothing else.

const pad = (step: number) => String(step).padStart(4, "0");

/**
 * S3 keys of a run's optimizer state, jobs, rounds and final program.
 *
 * @example
 * optimizerKeys.state("run-1", 3); // "runs/run-1/optimizer/state-0003.json"
 */
export const optimizerKeys = {
  /** The MIPRO state after `step` steps. */
  state: (runId: string, step: number) => `runs/${runId}/optimizer/state-${pad(step)}.json`,
  /** The jobs the state after `step` steps waits for. */
  jobs: (runId: string, step: number) => `runs/${runId}/optimizer/jobs-${pad(step)}.json`,
  /** The round of those jobs: how many, and the task token that waits for them. */
  round: (runId: string, step: number) => `runs/${runId}/optimizer/round-${pad(step)}.json`,
  /** The chosen program. */
  program: (runId: string) => `runs/${runId}/program.json`,
};

/**
 * The RunStore counter of a round's settled jobs (stored or dead-lettered), counted once per job.
 *
 * @example
 * await runStore.countOnce(runId, roundCounter(3), jobId);
 */
export function roundCounter(step: number): string {
  return `round-${step}`;
}
