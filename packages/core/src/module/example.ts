import { JudgeloopError } from "../errors.ts";

export interface ExampleOptions {
  /** A stable identifier (e.g. the conversation id), used to join results across runs. */
  id?: string;
  /** Which keys are inputs; the others are labels. */
  inputs?: readonly string[];
}

/**
 * One data point: field values plus which of them are inputs; the rest are labels (gold
 * outputs). Immutable: `withInputs` and `with` return new examples.
 *
 * @example
 * const example = new Example({ transcript: "Customer: lost bag", satisfied: true }, { id: "c-17" })
 *   .withInputs("transcript");
 * example.inputs(); // { transcript: "Customer: lost bag" }
 * example.labels(); // { satisfied: true }
 */
export class Example {
  readonly id: string | undefined;
  private readonly values: Readonly<Record<string, unknown>>;
  private readonly inputKeys: readonly string[] | undefined;

  constructor(values: Record<string, unknown>, options: ExampleOptions = {}) {
    this.values = { ...values };
    this.id = options.id;
    this.inputKeys = options.inputs ? [...options.inputs] : undefined;
  }

  /** A copy of this example whose inputs are exactly `keys`. */
  withInputs(...keys: string[]): Example {
    return new Example(this.values, { ...this.options(), inputs: keys });
  }

  /** A copy with some values added or replaced, keeping the id and the input keys. */
  with(values: Record<string, unknown>): Example {
    return new Example({ ...this.values, ...values }, this.options());
  }

  withId(id: string): Example {
    return new Example(this.values, { ...this.options(), id });
  }

  /** The input values; a key marked as input but absent is left out (the predictor reports it). */
  inputs(): Record<string, unknown> {
    const keys = this.requireInputKeys();
    return Object.fromEntries(keys.filter((k) => k in this.values).map((k) => [k, this.values[k]]));
  }

  /** Every value that is not an input. */
  labels(): Record<string, unknown> {
    const keys = new Set(this.requireInputKeys());
    return Object.fromEntries(Object.entries(this.values).filter(([k]) => !keys.has(k)));
  }

  get(key: string): unknown {
    return this.values[key];
  }

  has(key: string): boolean {
    return key in this.values;
  }

  keys(): string[] {
    return Object.keys(this.values);
  }

  /** Every value, inputs and labels together (the shape of a full demo). */
  toRecord(): Record<string, unknown> {
    return { ...this.values };
  }

  toJSON(): Record<string, unknown> {
    return {
      ...(this.id !== undefined && { id: this.id }),
      values: this.toRecord(),
      ...(this.inputKeys && { inputs: [...this.inputKeys] }),
    };
  }

  private options(): ExampleOptions {
    return {
      ...(this.id !== undefined && { id: this.id }),
      ...(this.inputKeys && { inputs: this.inputKeys }),
    };
  }

  private requireInputKeys(): readonly string[] {
    if (!this.inputKeys) {
      const which = this.id === undefined ? "an example" : `example ${this.id}`;
      throw new JudgeloopError("bad_example", `${which} has no input keys: call withInputs(...) first`);
    }
    return this.inputKeys;
  }
}
