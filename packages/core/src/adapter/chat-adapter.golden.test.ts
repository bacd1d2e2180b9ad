import { describe, expect, it } from "vitest";
import { ChatAdapter } from "./chat-adapter.ts";
import { judgeDemosAndInput, judgeSignature } from "./testdata/judge-fixture.ts";
import { golden, typedDemos, typedInputs, typedSignature } from "./testdata/typed-cases.ts";

describe("ChatAdapter.format (DSPy parity)", () => {
  it("renders the shared judge as DSPy's ChatAdapter does", () => {
    // Prepare
    const signature = judgeSignature();
    const { demos, transcript } = judgeDemosAndInput();

    // Act
    const messages = new ChatAdapter().format(signature, demos, { transcript });

    // Assess
    expect(messages).toEqual(golden.cases["judge-chat"]);
  });

  it("renders every field type, null values and dropped demos as DSPy does", () => {
    // Prepare
    const signature = typedSignature();

    // Act
    const messages = new ChatAdapter().format(signature, typedDemos, typedInputs);

    // Assess
    expect(messages).toEqual(golden.cases["typed-chat"]);
  });

  it("closes the request with DSPy's reminder, naming the types of non-string outputs", () => {
    // Prepare
    const signature = typedSignature();

    // Act
    const request = new ChatAdapter().format(signature, [], typedInputs).at(-1)?.content ?? "";

    // Assess
    expect(request).toContain(
      "Respond with the corresponding output fields, starting with the field `[[ ## reasoning ## ]]`, " +
        "then `[[ ## satisfied ## ]]` (must be formatted as a valid Python bool), " +
        "then `[[ ## score ## ]]` (must be formatted as a valid Python int), ",
    );
    expect(request.endsWith("and then ending with the marker for `[[ ## completed ## ]]`.")).toBe(true);
  });
});
