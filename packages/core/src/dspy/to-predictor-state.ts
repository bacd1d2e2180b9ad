import { JudgeloopError } from "../errors.ts";
import type { Demo, PredictorState } from "../module/state.ts";
import type { FieldTypeState } from "../signature/field.ts";
import { defaultInstructions, type FieldState, Signature, type SignatureState } from "../signature/signature.ts";
import { defaultDescription, defaultPrefix, dspyReasoningPrefix, nameFromDescription } from "./field-names.ts";
import { nameFields } from "./field-names-from-hints.ts";
import { splitFields } from "./field-roles.ts";
import { flatFields } from "./flat-fields.ts";
import type { JsonReader } from "./json-reader.ts";
import type { RawField, RawPredictor } from "./read-predictor.ts";
import { type SidecarPredictor, sidecarFields } from "./sidecar.ts";

export interface FieldHints {
  /** Field names that are inputs, for saves whose fields cannot be told apart otherwise. */
  inputs: readonly string[];
  /** Field types by name; DSPy saves none, so every other field is a string. */
  types: Readonly<Record<string, FieldTypeState>>;
}

export interface ImportedPredictor {
  state: PredictorState;
  /** What had to be guessed or could not be used, each starting with the DSPy key. */
  warnings: string[];
}

interface MappedFields {
  inputs: FieldState[];
  outputs: FieldState[];
  guessedRoles: boolean;
}

/**
 * Turns one read DSPy predictor into judgeloop's predictor state: named fields split into
 * inputs and outputs, demos as saved, the bound model if any.
 *
 * @example
 * const { state } = toPredictorState(raw, { inputs: [], types: {} }, undefined, read);
 * state.kind; // "chain_of_thought"
 */
export function toPredictorState(
  raw: RawPredictor,
  hints: FieldHints,
  sidecar: SidecarPredictor | undefined,
  read: JsonReader,
): ImportedPredictor {
  const fields = flatFields(raw, hints.inputs, read);
  const described = sidecar && sidecarFields(sidecar, fields);
  let { inputs, outputs, guessedRoles } = described
    ? { ...described, guessedRoles: false }
    : mapFields(raw, fields, hints, read);
  const warnings = [
    ...(sidecar && !described
      ? [`${raw.key}: fields changed since judgeloop exported them; names were recovered`]
      : []),
    ...(guessedRoles ? [`${raw.key}: only the last field was taken as an output; pass inputs to be sure`] : []),
  ];
  let demos = raw.demos;
  if (!described) {
    if (raw.chainOfThought) ({ outputs, demos } = withReasoningFirst(outputs, demos, raw.generation === "flat"));
    [inputs, outputs] = [inputs.map(withoutDefaults), outputs.map(withoutDefaults)];
  }
  const typed = (field: FieldState): FieldState => ({ ...field, type: hints.types[field.name] ?? field.type });
  [inputs, outputs] = [inputs.map(typed), outputs.map(typed)];
  const signature: SignatureState = {
    instructions: raw.instructions ?? defaultInstructions(toFields(inputs), toFields(outputs)),
    inputs,
    outputs,
  };
  checkSignature(signature, raw, read);
  const inferredKind = outputs[0]?.name === "reasoning" ? "chain_of_thought" : "predict";
  const kind = described ? (sidecar?.kind ?? inferredKind) : inferredKind;
  const adapter = described ? sidecar?.adapter : undefined;
  return { state: { kind, signature, demos, lm: raw.lm, ...(adapter && { adapter }) }, warnings };
}

function mapFields(raw: RawPredictor, fields: readonly RawField[], hints: FieldHints, read: JsonReader): MappedFields {
  const path = raw.fieldsPath;
  const names = nameFields(fields, raw.demos, path, read);
  const split = splitFields({ fields, names, instructions: raw.instructions, inputs: hints.inputs, path }, read);
  const states = fields.map(
    (field, i): FieldState => ({
      name: names[i] ?? "",
      type: { kind: "string" },
      ...(field.description !== undefined && { description: field.description }),
      ...(field.prefix !== undefined && { prefix: field.prefix }),
    }),
  );
  return {
    inputs: states.slice(0, split.firstOutput),
    outputs: states.slice(split.firstOutput),
    guessedRoles: split.guessed,
  };
}

/**
 * Before 2.5, ChainOfThought named its first output `rationale`; it is today's `reasoning`, the
 * name judgeloop's ChainOfThought expects, so field and demo keys are renamed. A flat save keeps
 * no field list, so a rationale no demo mentions is restored with DSPy's default prefix.
 */
function withReasoningFirst(outputs: FieldState[], demos: Demo[], addIfMissing: boolean) {
  const [first, ...rest] = outputs;
  if (first?.name === "rationale" && !outputs.some((field) => field.name === "reasoning")) {
    const description = nameFromDescription(first.description) ? defaultDescription("reasoning") : first.description;
    const renamed = { ...first, name: "reasoning", ...(description !== undefined && { description }) };
    return { outputs: [renamed, ...rest], demos: demos.map(renameRationale) };
  }
  if (first?.name === "reasoning" || !addIfMissing) return { outputs, demos };
  const reasoning: FieldState = {
    name: "reasoning",
    type: { kind: "string" },
    description: defaultDescription("reasoning"),
    prefix: dspyReasoningPrefix,
  };
  return { outputs: [reasoning, ...outputs], demos };
}

/** DSPy fills in `${name}` and the name's inferred prefix for fields that have none; so do we, on export. */
function withoutDefaults(field: FieldState): FieldState {
  const { description, prefix, ...rest } = field;
  return {
    ...rest,
    ...(description !== undefined && description !== defaultDescription(field.name) && { description }),
    ...(prefix !== undefined && prefix !== defaultPrefix(field.name) && { prefix }),
  };
}

function renameRationale(demo: Demo): Demo {
  if (!("rationale" in demo) || "reasoning" in demo) return demo;
  return Object.fromEntries(
    Object.entries(demo).map(([key, value]) => [key === "rationale" ? "reasoning" : key, value]),
  );
}

function toFields(states: readonly FieldState[]) {
  return states.map((state) => ({ name: state.name, type: { kind: "string" as const } }));
}

function checkSignature(signature: SignatureState, raw: RawPredictor, read: JsonReader): void {
  try {
    Signature.fromState(signature);
  } catch (error) {
    if (!(error instanceof JudgeloopError)) throw error;
    throw read.fail(raw.fieldsPath, error.message);
  }
}
