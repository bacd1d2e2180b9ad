import type { RunEvent } from "@judgeloop/core";
import { describe, expect, it } from "vitest";
import { progressDisplay } from "./progress.ts";

function capture(tty: boolean) {
  let text = "";
  const display = progressDisplay({ write: (chunk: string) => (text += chunk), columns: 100 }, { tty });
  return { display, text: () => text };
}

const replies = (done: number): RunEvent => ({
  type: "stage-progress",
  stage: "generate",
  done,
  total: 4,
  unit: "replies",
});
const trials = (done: number): RunEvent => ({
  type: "stage-progress",
  stage: "judge-optimize",
  done,
  total: 3,
  unit: "trials",
  detail: `best 0.${done}`,
});

describe("progressDisplay", () => {
  it("prints a line per stage, per finished pass and per trial when not on a terminal, never a redraw", () => {
    const { display, text } = capture(false);

    for (const event of [
      { type: "stage-start", stage: "generate", index: 1, total: 9 } as RunEvent,
      replies(1),
      replies(2),
      replies(4),
      { type: "stage-end", stage: "generate", status: "succeeded", ms: 1500 } as RunEvent,
      trials(1),
      trials(1),
      trials(2),
    ]) {
      display.onEvent(event);
    }

    const lines = text().trimEnd().split("\n");
    expect(lines).toEqual([
      "[2/9] generate baseline replies",
      "      [########################] 4/4 replies",
      "      done in 1.5s",
      "      [########----------------] 1/3 trials  best 0.1",
      "      [################--------] 2/3 trials  best 0.2",
    ]);
    expect(text()).not.toContain("\r");
  });

  it("redraws the current bar in place on a terminal and clears it before the next line", () => {
    const { display, text } = capture(true);

    display.onEvent(replies(4));
    display.onEvent({ type: "note", message: "60 labels" });

    const clear = "\r\u001b[2K";
    expect(text()).toBe(`${clear}      [${"#".repeat(24)}] 4/4 replies${clear}      60 labels\n`);
  });

  it("says why a stage was skipped or failed", () => {
    const { display, text } = capture(false);

    display.onEvent({
      type: "stage-end",
      stage: "compare",
      status: "skipped",
      ms: 0,
      message: "the judge did not pass the gate",
    });
    display.onEvent({ type: "stage-end", stage: "label", status: "failed", ms: 10, message: "no labels" });

    expect(text()).toBe("      skipped compare generators: the judge did not pass the gate\n      FAILED: no labels\n");
  });
});
