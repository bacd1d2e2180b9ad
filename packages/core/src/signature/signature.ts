import { JudgeloopError } from "../errors.ts";
import {
  type Field,
  type FieldSpec,
  type FieldTypeState,
  fieldTypeFromState,
  fieldTypeToState,
  normalizeFieldType,
} from "./field.ts";
import { clip, parseSignatureString } from "./parse.ts";

export type FieldRole = "input" | "output";

/** Object form of a signature. Field order is the order of the keys. */
export interface SignatureSpec {
  inputs: Record<string, FieldSpec>;
  outputs: Record<string, FieldSpec>;
  instructions?: string;
}

export interface FieldState {
  name: string;
  type: FieldTypeState;
  description?: string;
  prefix?: string;
}

/** Plain-JSON form of a signature, as stored inside program state. */
export interface SignatureState {
  instructions: string;
  inputs: FieldState[];
  outputs: FieldState[];
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Typed input and output fields plus the instructions that tell a model what to do.
 * Immutable: every edit returns a new Signature.
 *
 * @example
 * const judge = Signature.parse("transcript: string -> satisfied: boolean")
 *   .withInstructions("Decide whether the support reply satisfies the customer.");
 */
export class Signature {
  readonly inputs: readonly Field[];
  readonly outputs: readonly Field[];
  readonly instructions: string;

  private constructor(inputs: readonly Field[], outputs: readonly Field[], instructions?: string) {
    checkFields(inputs, outputs);
    this.inputs = inputs;
    this.outputs = outputs;
    this.instructions = instructions ?? defaultInstructions(inputs, outputs);
  }

  /** Parses `"a: string, b -> c: boolean"`; see parse.ts for the grammar. */
  static parse(text: string, instructions?: string): Signature {
    const { inputs, outputs } = parseSignatureString(text);
    return new Signature(inputs, outputs, instructions);
  }

  static fromSpec(spec: SignatureSpec): Signature {
    return new Signature(toFields(spec.inputs), toFields(spec.outputs), spec.instructions);
  }

  /** Accepts either form: a signature string or an object spec. */
  static from(value: string | SignatureSpec | Signature): Signature {
    if (value instanceof Signature) return value;
    return typeof value === "string" ? Signature.parse(value) : Signature.fromSpec(value);
  }

  static fromFields(inputs: readonly Field[], outputs: readonly Field[], instructions?: string): Signature {
    return new Signature([...inputs], [...outputs], instructions);
  }

  static fromState(state: SignatureState): Signature {
    const restore = (f: FieldState): Field => ({
      name: f.name,
      type: fieldTypeFromState(f.type),
      ...(f.description !== undefined && { description: f.description }),
      ...(f.prefix !== undefined && { prefix: f.prefix }),
    });
    return new Signature(state.inputs.map(restore), state.outputs.map(restore), state.instructions);
  }

  toState(): SignatureState {
    const save = (f: Field): FieldState => ({
      name: f.name,
      type: fieldTypeToState(f.type),
      ...(f.description !== undefined && { description: f.description }),
      ...(f.prefix !== undefined && { prefix: f.prefix }),
    });
    return { instructions: this.instructions, inputs: this.inputs.map(save), outputs: this.outputs.map(save) };
  }

  get fields(): readonly Field[] {
    return [...this.inputs, ...this.outputs];
  }

  field(name: string): Field | undefined {
    return this.fields.find((f) => f.name === name);
  }

  withInstructions(instructions: string): Signature {
    return new Signature(this.inputs, this.outputs, instructions);
  }

  /** Adds a field before the others of its role (ChainOfThought prepends `reasoning`). */
  prepend(role: FieldRole, name: string, spec: FieldSpec = {}): Signature {
    return this.insert(role, toField(name, spec), "start");
  }

  append(role: FieldRole, name: string, spec: FieldSpec = {}): Signature {
    return this.insert(role, toField(name, spec), "end");
  }

  /** Replaces one field's description/prefix/type, keeping its position. */
  withField(name: string, spec: FieldSpec): Signature {
    const update = (f: Field): Field => (f.name === name ? { ...f, ...toField(name, { type: f.type, ...spec }) } : f);
    if (!this.field(name)) throw new JudgeloopError("bad_signature", `no field named \`${name}\``);
    return new Signature(this.inputs.map(update), this.outputs.map(update), this.instructions);
  }

  /** `a, b -> c, d`: the shape of the signature, without types. */
  toString(): string {
    const names = (fs: readonly Field[]) => fs.map((f) => f.name).join(", ");
    return `${names(this.inputs)} -> ${names(this.outputs)}`;
  }

  private insert(role: FieldRole, field: Field, at: "start" | "end"): Signature {
    const list = role === "input" ? this.inputs : this.outputs;
    const next = at === "start" ? [field, ...list] : [...list, field];
    const keepsDefault = this.instructions === defaultInstructions(this.inputs, this.outputs);
    const inputs = role === "input" ? next : this.inputs;
    const outputs = role === "output" ? next : this.outputs;
    return new Signature(inputs, outputs, keepsDefault ? undefined : this.instructions);
  }
}

/** DSPy's default: "Given the fields `a`, `b`, produce the fields `c`." */
export function defaultInstructions(inputs: readonly Field[], outputs: readonly Field[]): string {
  const list = (fs: readonly Field[]) => fs.map((f) => `\`${f.name}\``).join(", ");
  return `Given the fields ${list(inputs)}, produce the fields ${list(outputs)}.`;
}

function toField(name: string, spec: FieldSpec): Field {
  let type: Field["type"];
  try {
    type = normalizeFieldType(spec.type);
  } catch (error) {
    throw new JudgeloopError("bad_signature", `field \`${name}\`: ${(error as Error).message}`);
  }
  return {
    name,
    type,
    ...(spec.description !== undefined && { description: spec.description }),
    ...(spec.prefix !== undefined && { prefix: spec.prefix }),
  };
}

function toFields(specs: Record<string, FieldSpec>): Field[] {
  return Object.entries(specs).map(([name, spec]) => toField(name, spec));
}

function checkFields(inputs: readonly Field[], outputs: readonly Field[]): void {
  if (outputs.length === 0) throw new JudgeloopError("bad_signature", "a signature needs at least one output field");
  const seen = new Set<string>();
  for (const f of [...inputs, ...outputs]) {
    if (!identifier.test(f.name)) {
      throw new JudgeloopError("bad_signature", `field name \`${clip(f.name)}\` is not an identifier`);
    }
    if (seen.has(f.name)) throw new JudgeloopError("bad_signature", `field \`${clip(f.name)}\` is declared twice`);
    seen.add(f.name);
  }
}
