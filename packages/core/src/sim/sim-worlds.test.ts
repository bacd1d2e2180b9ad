import { beforeAll, describe, expect, it } from "vitest";
import { JSONAdapter } from "../adapter/json-adapter.ts";
import { JudgeloopError } from "../errors.ts";
import { loadTokenizer } from "../lm/tokens.ts";
import { Signature } from "../signature/signature.ts";
import { SimLM, simulateCompletion, simWorldOf } from "./sim-lm.ts";
import { simWorld, simWorldNames } from "./sim-worlds.ts";

const judge = Signature.parse("transcript: string -> satisfied: boolean").withInstructions("Judge the reply.");
// Passes the default world (addresses, next step, specific empathy, polite) but gives no
// timeframe and asks for no booking reference, so it fails the evidence world.
const transcript =
  "Company: Delta\nTranscript so far: Customer: my bag is lost\nSupport: Sorry about your bag! DM us and we'll track it down.";
const messages = new JSONAdapter().format(judge, [], { transcript });
const verdictOf = (text: string) => JSON.parse(text).satisfied as boolean;

// Token counts (simulated usage, estimates) need the tokenizer loaded.
beforeAll(() => loadTokenizer());

describe("simWorld", () => {
  it("lists the default world first, then the others", () => {
    expect(simWorldNames()).toEqual(["default", "evidence", "interplay", "brisk"]);
  });

  it("refuses an unknown world, listing the worlds", () => {
    const act = () => simWorld("nowhere");

    expect(act).toThrow(JudgeloopError);
    expect(act).toThrow('unknown simulated world "nowhere": the worlds are default, evidence, interplay, brisk');
  });
});

describe("simWorldOf", () => {
  it("takes the world from the model name before the fallback", () => {
    expect(simWorldOf("sim/gold~evidence", "interplay").name).toBe("evidence");
    expect(simWorldOf("sim/gold", "interplay").name).toBe("interplay");
    expect(simWorldOf("sim/gold").name).toBe("default");
  });
});

describe("SimLM worlds", () => {
  it("answers as the oracle of the world its name picks", async () => {
    const inDefault = await new SimLM("sim/gold").call({ messages });
    const inEvidence = await new SimLM("sim/gold~evidence").call({ messages });

    expect(verdictOf(inDefault.text)).toBe(true);
    expect(verdictOf(inEvidence.text)).toBe(false);
  });

  it("answers in the world of its options when the name picks none", async () => {
    const response = await new SimLM("sim/gold", { world: "evidence" }).call({ messages });

    expect(verdictOf(response.text)).toBe(false);
    expect(verdictOf(simulateCompletion("sim/gold", { messages }, "evidence").text)).toBe(false);
  });

  it("refuses a model name that picks an unknown world", () => {
    expect(() => new SimLM("sim/strong~nowhere")).toThrow(/the worlds are default, evidence, interplay, brisk/);
  });
});
