import { describe, expect, it } from "vitest";
import { Example } from "./example.ts";

describe("Example", () => {
  it("splits its values into inputs and labels", () => {
    const example = new Example({ transcript: "Customer: lost bag", satisfied: true, critique: "ok" }).withInputs(
      "transcript",
    );

    expect(example.inputs()).toEqual({ transcript: "Customer: lost bag" });
    expect(example.labels()).toEqual({ satisfied: true, critique: "ok" });
  });

  it("keeps its id and input keys through edits", () => {
    const example = new Example({ q: "2+2", a: "4" }, { id: "ex-1" }).withInputs("q");

    const edited = example.with({ a: "four" });

    expect(edited.id).toBe("ex-1");
    expect(edited.inputs()).toEqual({ q: "2+2" });
    expect(edited.labels()).toEqual({ a: "four" });
    expect(example.get("a")).toBe("4");
  });

  it("refuses inputs() before its input keys are known, naming the example", () => {
    const example = new Example({ q: "2+2" }, { id: "ex-9" });

    expect(() => example.inputs()).toThrow("example ex-9 has no input keys: call withInputs(...) first");
  });

  it("does not share its values with the object it was built from", () => {
    const values = { q: "x" };
    const example = new Example(values).withInputs("q");

    values.q = "changed";

    expect(example.inputs()).toEqual({ q: "x" });
  });

  it("serializes id, values and input keys", () => {
    const example = new Example({ q: "x", a: "y" }, { id: "7" }).withInputs("q");

    expect(JSON.parse(JSON.stringify(example))).toEqual({ id: "7", values: { q: "x", a: "y" }, inputs: ["q"] });
  });
});
