import { describe, expect, it } from "vitest";
import { z } from "zod";
import { enumType } from "../signature/field.ts";
import { Signature } from "../signature/signature.ts";
import { JSONAdapter } from "./json-adapter.ts";

const adapter = new JSONAdapter();
const structured = { structuredOutputs: true, jsonMode: true };

describe("JSONAdapter.responseFormat", () => {
  it("asks for a strict json_schema with one required property per output field", () => {
    // Prepare
    const signature = Signature.fromSpec({
      inputs: { transcript: {} },
      outputs: {
        reasoning: {},
        satisfied: { type: "boolean" },
        score: { type: "integer" },
        tags: { type: "string[]" },
        label: { type: enumType(["good", "bad"]) },
      },
    });

    // Act
    const format = adapter.responseFormat(signature, structured);

    // Assess
    expect(format).toEqual({
      type: "json_schema",
      name: "DSPyProgramOutputs",
      schema: {
        type: "object",
        properties: {
          reasoning: { type: "string" },
          satisfied: { type: "boolean" },
          score: { type: "integer" },
          tags: { type: "array", items: { type: "string" } },
          label: { type: "string", enum: ["good", "bad"] },
        },
        required: ["reasoning", "satisfied", "score", "tags", "label"],
        additionalProperties: false,
      },
    });
  });

  it("makes nested objects of a JSON field strict too", () => {
    // Prepare
    const finding = z.object({ issue: z.string(), note: z.string().optional() });
    const signature = Signature.fromSpec({ inputs: { q: {} }, outputs: { finding: { type: finding } } });

    // Act
    const format = adapter.responseFormat(signature, structured);

    // Assess
    const schema = format?.type === "json_schema" ? format.schema : {};
    const nested = (schema.properties as Record<string, Record<string, unknown>>).finding;
    expect(nested).not.toHaveProperty("$schema");
    expect(nested?.required).toEqual(["issue", "note"]);
    expect(nested?.additionalProperties).toBe(false);
  });

  it("falls back to json_object for an open-ended mapping, which strict schemas cannot express", () => {
    // Prepare
    const counts = z.record(z.string(), z.number());
    const signature = Signature.fromSpec({ inputs: { q: {} }, outputs: { counts: { type: counts } } });

    // Act
    const format = adapter.responseFormat(signature, structured);

    // Assess
    expect(format).toEqual({ type: "json_object" });
  });

  it("asks for json_object from a model with JSON mode only, and nothing from one without", () => {
    // Prepare
    const signature = Signature.parse("q -> a");

    // Act
    const jsonMode = adapter.responseFormat(signature, { structuredOutputs: false, jsonMode: true });
    const plain = adapter.responseFormat(signature, { structuredOutputs: false, jsonMode: false });

    // Assess
    expect(jsonMode).toEqual({ type: "json_object" });
    expect(plain).toBeUndefined();
  });
});
