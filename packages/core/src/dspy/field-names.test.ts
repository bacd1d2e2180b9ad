import { describe, expect, it } from "vitest";
import {
  comparableName,
  defaultPrefix,
  isReasoningPrefix,
  nameFromDescription,
  nameFromPrefix,
} from "./field-names.ts";

describe("nameFromPrefix", () => {
  it("turns a display prefix into a snake_case name", () => {
    // Prepare
    const prefixes = ["Netlogo Code:", "Question:", "Search Query:", "Réponse finale:"];

    // Act
    const names = prefixes.map(nameFromPrefix);

    // Assess
    expect(names).toEqual(["netlogo_code", "question", "search_query", "reponse_finale"]);
  });

  it("keeps only the text before the first colon", () => {
    // Act
    const name = nameFromPrefix("Reasoning: Let's think step by step in order to");

    // Assess
    expect(name).toBe("reasoning");
  });

  it("returns undefined when no letter or digit is left", () => {
    // Act
    const name = nameFromPrefix(" : ");

    // Assess
    expect(name).toBeUndefined();
  });

  it("makes a name that starts with a digit an identifier", () => {
    // Act
    const name = nameFromPrefix("2nd Opinion:");

    // Assess
    expect(name).toBe("_2nd_opinion");
  });
});

describe("nameFromDescription", () => {
  it("reads the name out of DSPy's placeholder description", () => {
    // Act
    const name = nameFromDescription(`\${netlogo_code}`);

    // Assess
    expect(name).toBe("netlogo_code");
  });

  it("returns undefined for a real description", () => {
    // Act
    const names = ["Natural language description", `\${produce the answer}. We ...`, undefined].map(
      nameFromDescription,
    );

    // Assess
    expect(names).toEqual([undefined, undefined, undefined]);
  });
});

describe("defaultPrefix", () => {
  it("matches the examples of DSPy's infer_prefix docstring", () => {
    // Prepare
    const names = ["camelCaseText", "snake_case_text", "text2number", "HTMLParser"];

    // Act
    const prefixes = names.map(defaultPrefix);

    // Assess
    expect(prefixes).toEqual(["Camel Case Text:", "Snake Case Text:", "Text 2 Number:", "HTML Parser:"]);
  });
});

describe("comparableName", () => {
  it("lets a name and its prefix meet regardless of case and separators", () => {
    // Act
    const keys = [comparableName("netlogo_code"), comparableName("Netlogo Code"), comparableName("NetlogoCode")];

    // Assess
    expect(new Set(keys)).toEqual(new Set(["netlogocode"]));
  });
});

describe("isReasoningPrefix", () => {
  it("recognizes both the long and the short rationale prefix", () => {
    // Act
    const verdicts = [
      "Reasoning: Let's think step by step in order to",
      "Reasoning:",
      "Reasoning Steps:",
      undefined,
    ].map(isReasoningPrefix);

    // Assess
    expect(verdicts).toEqual([true, true, false, false]);
  });
});
