import { describe, expect, it } from "vitest";
import {
  dispatchWaitFloorSeconds,
  dispatchWaitSeconds,
  nextSweepProgress,
  roundStuck,
  type SweepProgress,
  shouldRedrive,
  stepFunctionsMaxWaitSeconds,
} from "./round-sizing.ts";

describe("dispatchWaitSeconds", () => {
  it("waits for the backlog ahead of the round and the round itself, in waves of the worker slots", () => {
    // 4,970 queued + 30 own jobs on 100 slots = 50 waves of 20 s, doubled for slack.
    const wait = dispatchWaitSeconds({ jobs: 30, backlogAhead: 4_970, secondsPerJob: 20, workerConcurrency: 100 });
    expect(wait).toBe(2_000);
  });

  it("grows with the backlog: the same round behind 50 rounds waits longer than alone", () => {
    const alone = dispatchWaitSeconds({ jobs: 300, backlogAhead: 0, secondsPerJob: 30, workerConcurrency: 100 });
    const behind = dispatchWaitSeconds({
      jobs: 300,
      backlogAhead: 49 * 300,
      secondsPerJob: 30,
      workerConcurrency: 100,
    });
    expect(alone).toBe(3 * 30 * 2);
    expect(behind).toBe(150 * 30 * 2);
  });

  it("never waits less than the floor nor more than Step Functions allows", () => {
    expect(dispatchWaitSeconds({ jobs: 1, backlogAhead: 0, secondsPerJob: 1, workerConcurrency: 100 })).toBe(
      dispatchWaitFloorSeconds,
    );
    const huge = { jobs: 1e9, backlogAhead: 0, secondsPerJob: 600, workerConcurrency: 1 };
    expect(dispatchWaitSeconds(huge)).toBe(stepFunctionsMaxWaitSeconds);
    expect(dispatchWaitSeconds(huge, { maxSeconds: 3_600 })).toBe(3_600);
    expect(
      dispatchWaitSeconds({ jobs: 1, backlogAhead: 0, secondsPerJob: 1, workerConcurrency: 1 }, { floorSeconds: 3 }),
    ).toBe(3);
  });

  it("names the field of a bad workload", () => {
    const good = { jobs: 1, backlogAhead: 0, secondsPerJob: 1, workerConcurrency: 1 };
    expect(() => dispatchWaitSeconds({ ...good, workerConcurrency: 0 })).toThrow(
      /workerConcurrency must be a number > 0/,
    );
    expect(() => dispatchWaitSeconds({ ...good, backlogAhead: -1 })).toThrow(/backlogAhead must be a whole number/);
    expect(() => dispatchWaitSeconds({ ...good, secondsPerJob: Number.NaN })).toThrow(/secondsPerJob/);
    expect(() => dispatchWaitSeconds(good, { floorSeconds: 10, maxSeconds: 5 })).toThrow(/floorSeconds 10 is above/);
  });
});

describe("sweep progress", () => {
  it("calls a round stuck only after K sweeps in a row without one more completed job", () => {
    let progress: SweepProgress | undefined;
    // Twelve sweeps of a round that waits its turn but completes a job every other sweep.
    const completedPerSweep = [0, 2, 2, 5, 5, 9, 9, 9, 12, 12, 20, 20];
    const stuck = completedPerSweep.map((completed) => {
      progress = nextSweepProgress(progress, completed);
      return roundStuck(progress, 3);
    });
    expect(stuck.every((value) => !value)).toBe(true);
    expect(progress).toEqual({ completed: 20, stalledSweeps: 1 });

    let stalled: SweepProgress | undefined;
    const verdicts = [4, 4, 4, 4].map((completed) => {
      stalled = nextSweepProgress(stalled, completed);
      return roundStuck(stalled, 3);
    });
    expect(verdicts).toEqual([false, false, false, true]);
  });

  it("does not count a lower reading (a count left short) as progress", () => {
    expect(nextSweepProgress({ completed: 10, stalledSweeps: 1 }, 9)).toEqual({ completed: 10, stalledSweeps: 2 });
  });
});

describe("shouldRedrive", () => {
  it("re-enqueues only when the queue is empty or the round is past its deadline", () => {
    expect(shouldRedrive({ queued: 4_000, pastDeadline: false })).toBe(false);
    expect(shouldRedrive({ queued: 0, pastDeadline: false })).toBe(true);
    expect(shouldRedrive({ queued: 4_000, pastDeadline: true })).toBe(true);
    expect(() => shouldRedrive({ queued: -2, pastDeadline: false })).toThrow(/queued must be a whole number/);
  });
});
