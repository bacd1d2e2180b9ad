import { readFile } from "node:fs/promises";
import { exportDspyProgram, importDspyProgram, type ProgramState, Signature } from "@judgeloop/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deeplyNestedArray, jsonText, nastyJson, nastyKey } from "./support/arbitraries.ts";
import { outcomeOf, propertyRuns } from "./support/properties.ts";

const fixtures = new URL("../../packages/core/src/dspy/fixtures/", import.meta.url);
const saves = await Promise.all(
  ["dspy-3.x.json", "flat-2.4.json", "flat-verbose-2.4.json"].map(
    async (name) => JSON.parse(await readFile(new URL(name, fixtures), "utf8")) as unknown,
  ),
);
// judgeloop's own export carries the `metadata.judgeloop` sidecar, a path the DSPy saves lack.
const withSidecar = exportDspyProgram(importDspyProgram(saves[0]));
const bases = [...saves, withSidecar];

type JsonPath = (string | number)[];

/** Every path to a value inside `value`, the root included. */
function pathsOf(value: unknown, at: JsonPath = []): JsonPath[] {
  if (value === null || typeof value !== "object") return [at];
  const children = Object.entries(value).flatMap(([key, child]) =>
    pathsOf(child, [...at, Array.isArray(value) ? Number(key) : key]),
  );
  return [at, ...children];
}

type Edit = { kind: "replace"; value: unknown } | { kind: "delete" } | { kind: "add"; key: string; value: unknown };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("replace" as const), value: nastyJson(3) }),
  fc.record({ kind: fc.constant("delete" as const) }),
  fc.record({ kind: fc.constant("add" as const), key: nastyKey(), value: nastyJson(2) }),
);

/** `base` with one edit at `path`, as JSON.parse would hand it over (so `__proto__` stays a key). */
function edited(base: unknown, path: JsonPath, change: Edit): unknown {
  const copy = JSON.parse(jsonText(base)) as unknown;
  const parentPath = path.slice(0, -1);
  let target = copy as Record<string | number, unknown>;
  for (const segment of change.kind === "add" ? path : parentPath) target = target[segment] as Record<string, unknown>;
  const last = path.at(-1);
  if (change.kind === "add") {
    if (target !== null && typeof target === "object") setOwn(target, change.key, change.value);
  } else if (last === undefined) {
    return change.kind === "replace" ? change.value : {};
  } else if (change.kind === "replace") setOwn(target, last, change.value);
  else if (Array.isArray(target)) target.splice(Number(last), 1);
  else delete target[last];
  return JSON.parse(jsonText(copy));
}

function setOwn(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function expectUsableProgram(state: ProgramState): void {
  const names = Object.keys(state.predictors);
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) {
    const predictor = state.predictors[name];
    expect(predictor === undefined ? undefined : Signature.fromState(predictor.signature)).toBeInstanceOf(Signature);
  }
}

describe("importDspyProgram", () => {
  it("imports any JSON value or rejects it with bad_dspy_program naming a path", () => {
    fc.assert(
      fc.property(nastyJson(5), (json) => {
        const outcome = outcomeOf(() => importDspyProgram(JSON.parse(jsonText(json))));

        if (outcome.ok) expectUsableProgram(outcome.value);
        else expect(outcome.error.code).toBe("bad_dspy_program");
      }),
      propertyRuns(200),
    );
  });

  it("imports every single-edit variant of real saves, or rejects it with bad_dspy_program", () => {
    const variant = fc
      .constantFrom(...bases)
      .chain((base) => fc.tuple(fc.constant(base), fc.constantFrom(...pathsOf(base)), edit))
      .map(([base, path, change]) => edited(base, path, change));
    fc.assert(
      fc.property(variant, (json) => {
        const outcome = outcomeOf(() => importDspyProgram(json));

        if (outcome.ok) expectUsableProgram(outcome.value);
        else {
          expect(outcome.error.code).toBe("bad_dspy_program");
          expect(outcome.error.message).toMatch(/^\S.*: \S/);
        }
      }),
      propertyRuns(300),
    );
  });

  it("imports predictors named like Object.prototype members", () => {
    const predictor = saves[0] === undefined ? {} : (saves[0] as Record<string, unknown>)["judge.predict"];
    const json = JSON.parse(`{"constructor": ${jsonText(predictor)}, "__proto__": ${jsonText(predictor)}}`);

    const state = importDspyProgram(json);

    expect(Object.keys(state.predictors)).toEqual(["constructor", "__proto__"]);
    expect(Object.getPrototypeOf(state.predictors)).toBe(Object.prototype);
  });

  it("reads a sidecar without mistaking Object.prototype members for its entries", () => {
    const json = JSON.parse(jsonText(withSidecar)) as Record<string, unknown>;
    const [key] = Object.keys(json).filter((k) => k !== "metadata");
    const renamed = JSON.parse(jsonText(json).replace(JSON.stringify(key), '"constructor"'));

    const outcome = outcomeOf(() => importDspyProgram(renamed));

    expect(outcome.ok).toBe(true);
  });

  it("rejects demos nested 100,000 levels deep instead of overflowing the stack", () => {
    const text = `{"self": {"demos": [{"a": ${deeplyNestedArray(100_000)}}], "signature": {"instructions": "x", "fields": [{"prefix": "A:", "description": "\${a}"}, {"prefix": "B:", "description": "\${b}"}]}}}`;

    const outcome = outcomeOf(() => importDspyProgram(JSON.parse(text)));

    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).toBe("(root): nests deeper than 256 levels");
  });
});

describe("importDspyProgram messages", () => {
  it("quotes an empty or unusual key in the JSON path it names", () => {
    const outcome = outcomeOf(() => importDspyProgram({ " ": null }));

    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).toBe('" ": expected an object, got null');
  });
});
