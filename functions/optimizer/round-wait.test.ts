import { describe, expect, it } from "vitest";
import { defaultRoundWaitSettings, readRoundWaitSettings, roundWaitSeconds } from "./round-wait.ts";

describe("readRoundWaitSettings", () => {
  it("reads each figure from its variable and falls back to the defaults", () => {
    const settings = readRoundWaitSettings({ JUDGELOOP_WORKER_CONCURRENCY: "90", JUDGELOOP_SECONDS_PER_JOB: "2.5" });

    expect(settings).toEqual({ ...defaultRoundWaitSettings, workerConcurrency: 90, secondsPerJob: 2.5 });
    expect(readRoundWaitSettings({})).toEqual(defaultRoundWaitSettings);
  });

  it("names the variable of a bad figure, and refuses a floor above the cap", () => {
    expect(() => readRoundWaitSettings({ JUDGELOOP_SECONDS_PER_JOB: "fast" })).toThrow(
      'JUDGELOOP_SECONDS_PER_JOB must be a number >= 0.001, got "fast"',
    );
    expect(() =>
      readRoundWaitSettings({ JUDGELOOP_DISPATCH_TIMEOUT_SECONDS: "900", JUDGELOOP_DISPATCH_MAX_SECONDS: "60" }),
    ).toThrow("JUDGELOOP_DISPATCH_TIMEOUT_SECONDS (900) is above JUDGELOOP_DISPATCH_MAX_SECONDS (60)");
  });
});

describe("roundWaitSeconds", () => {
  it("sizes the wait by the queue's backlog ahead of the round and the round's jobs", async () => {
    const settings = { floorSeconds: 60, maxSeconds: 86_400, secondsPerJob: 20, workerConcurrency: 100 };
    const asked: (string | undefined)[] = [];
    const deps = (backlog: number) => ({
      roundWait: () => settings,
      queueBacklog: async (queueUrl?: string) => {
        asked.push(queueUrl);
        return backlog;
      },
    });

    const alone = await roundWaitSeconds(deps(0), 30, "queue-a");
    const behind = await roundWaitSeconds(deps(4_970), 30, "queue-a");
    const capped = await roundWaitSeconds(deps(10_000_000), 30);

    expect(alone).toBe(60); // one wave of 20 s, doubled, is under the floor
    expect(behind).toBe(2_000); // 50 waves of 20 s, doubled
    expect(capped).toBe(86_400);
    expect(asked).toEqual(["queue-a", "queue-a", undefined]);
  });
});
