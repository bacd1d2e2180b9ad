import { ChatAdapter, JSONAdapter, Signature } from "@judgeloop/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hugeText, nastyString } from "./support/arbitraries.ts";
import { outcomeOf, propertyRuns } from "./support/properties.ts";

const fieldKinds = ["string", "boolean", "number", "integer", "enum", "string[]", "json"];
const typeNames = ["str", "string", "bool", "boolean", "int", "integer", "float", "number", "list[str]", "string[]"];

const identifier = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
const typeText = fc.oneof(
  fc.constantFrom(...typeNames, "constructor", "toString", "__proto__", "hasOwnProperty", "enum()", "Literal[]"),
  fc.array(nastyString(2), { minLength: 1, maxLength: 3 }).map((values) => `enum(${values.join("|")})`),
  fc
    .array(nastyString(2), { minLength: 1, maxLength: 3 })
    .map((values) => `Literal[${values.map((v) => `'${v}'`).join(", ")}]`),
  nastyString(4),
);
const fieldText = fc
  .tuple(fc.oneof(identifier, nastyString(3)), fc.option(typeText))
  .map(([name, type]) => (type === null ? name : `${name}: ${type}`));
const signatureText = fc.oneof(
  nastyString(30),
  fc
    .tuple(fc.array(fieldText, { maxLength: 3 }), fc.array(fieldText, { maxLength: 3 }))
    .map(([inputs, outputs]) => `${inputs.join(", ")} -> ${outputs.join(", ")}`),
);

describe("Signature.parse", () => {
  it("returns a usable signature or a bad_signature error for any string", () => {
    fc.assert(
      fc.property(signatureText, (text) => {
        const outcome = outcomeOf(() => Signature.parse(text));

        if (!outcome.ok) {
          expect(outcome.error.code).toBe("bad_signature");
          return;
        }
        const signature = outcome.value;
        expect(signature.outputs.length).toBeGreaterThan(0);
        for (const field of signature.fields) {
          expect(field.name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
          expect(fieldKinds).toContain(field.type.kind);
        }
        expect(Signature.fromState(signature.toState()).toState()).toEqual(signature.toState());
        const inputs = Object.fromEntries(signature.inputs.map((f) => [f.name, "value"]));
        expect(new JSONAdapter().format(signature, [], inputs).length).toBe(2);
        expect(new ChatAdapter().format(signature, [], inputs).length).toBe(2);
      }),
      propertyRuns(300),
    );
  });

  it("reads back the names and types it was given", () => {
    const field = fc.tuple(identifier, fc.constantFrom(...typeNames));
    fc.assert(
      fc.property(
        fc.uniqueArray(field, { selector: ([name]) => name, minLength: 1, maxLength: 6 }),
        fc.nat(),
        (fields, cut) => {
          const split = cut % fields.length;
          const text = (list: typeof fields) => list.map(([name, type]) => `${name}: ${type}`).join(", ");

          const signature = Signature.parse(`${text(fields.slice(0, split))} -> ${text(fields.slice(split))}`);

          expect(signature.inputs.map((f) => f.name)).toEqual(fields.slice(0, split).map(([name]) => name));
          expect(signature.outputs.map((f) => f.name)).toEqual(fields.slice(split).map(([name]) => name));
        },
      ),
      propertyRuns(200),
    );
  });

  it("rejects type names that only Object.prototype knows", () => {
    for (const type of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]) {
      const outcome = outcomeOf(() => Signature.parse(`transcript -> verdict: ${type}`));

      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error.message).toBe(`field \`verdict\` has unknown type "${type}"`);
    }
  });

  it("rejects a 5 MB signature with a short message", () => {
    for (const text of [
      `${hugeText(1_000_000)}: nonsense -> b`,
      `${"x".repeat(5_000_000)}: nonsense -> b`,
      `a -> ${"é".repeat(1_000_000)}`,
    ]) {
      const outcome = outcomeOf(() => Signature.parse(text));

      expect(outcome.ok).toBe(false);
    }
  });
});
