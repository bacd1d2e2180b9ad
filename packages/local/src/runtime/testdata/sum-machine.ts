import type { QueuedJob, StepMachine } from "@judgeloop/core";

/** A toy workflow for driver tests: `rounds` steps of `perRound` square jobs, summed. */
export interface SumState {
  rounds: number;
  perRound: number;
  round: number;
  total: number;
  /** Failed outcomes seen, as "jobId: error". */
  failures: string[];
}

export function sumState(rounds: number, perRound: number): SumState {
  return { rounds, perRound, round: 0, total: 0, failures: [] };
}

/** 1² + 2² + … + n²: what a finished SumState execution must return. */
export function sumOfSquares(n: number): number {
  return (n * (n + 1) * (2 * n + 1)) / 6;
}

/** Each step adds up the squares the previous step's jobs computed and asks for the next round. */
export const sumSquares: StepMachine<SumState> = (state, outcomes) => {
  let total = state.total;
  const failures = [...state.failures];
  for (const outcome of outcomes) {
    if (outcome.ok) total += Number(outcome.value);
    else failures.push(`${outcome.jobId}: ${outcome.error}`);
  }
  if (state.round === state.rounds) {
    return { state: { ...state, total, failures }, jobs: [], done: true, result: { total, failures } };
  }
  const jobs = Array.from({ length: state.perRound }, (_, k) => {
    const x = state.round * state.perRound + k + 1;
    return { id: `round-${state.round}-x-${x}`, kind: "square", payload: x };
  });
  return { state: { ...state, round: state.round + 1, total, failures }, jobs };
};

/** The executor of `square` jobs. */
export async function squareOf(job: QueuedJob): Promise<number> {
  return Number(job.payload) ** 2;
}
