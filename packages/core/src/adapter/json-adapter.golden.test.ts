import { describe, expect, it } from "vitest";
import type { Demo } from "../module/state.ts";
import { JSONAdapter } from "./json-adapter.ts";
import { judgeDemosAndInput, judgeFixture, judgeSignature, trimEnds } from "./testdata/judge-fixture.ts";
import { golden, typedDemos, typedInputs, typedSignature } from "./testdata/typed-cases.ts";

describe("JSONAdapter.format (DSPy parity)", () => {
  it("renders the shared DSPy judge fixture byte for byte", () => {
    // Prepare
    const signature = judgeSignature();
    const { demos, transcript } = judgeDemosAndInput();
    const [incompleteDemo, ...completeDemos] = demos;
    const givenOrder = [...completeDemos, incompleteDemo].filter((d): d is Demo => d !== undefined);

    // Act
    const messages = new JSONAdapter().format(signature, givenOrder, { transcript });

    // Assess
    expect(incompleteDemo).not.toHaveProperty("reasoning");
    expect(messages).toHaveLength(judgeFixture.messages.length);
    expect(trimEnds(messages)).toEqual(trimEnds(judgeFixture.messages));
  });

  it("renders the fixture's system message exactly, trailing characters included", () => {
    // Prepare
    const signature = judgeSignature();

    // Act
    const [system] = new JSONAdapter().format(signature, [], { transcript: "x" });

    // Assess
    expect(system?.content).toBe(judgeFixture.messages[0]?.content);
  });

  it("renders every field type, null values and dropped demos as DSPy does", () => {
    // Prepare
    const signature = typedSignature();

    // Act
    const messages = new JSONAdapter().format(signature, typedDemos, typedInputs);

    // Assess
    expect(messages).toEqual(golden.cases["typed-json"]);
  });
});
