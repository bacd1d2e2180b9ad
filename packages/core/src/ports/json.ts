import { JudgeloopError } from "../errors.ts";

/**
 * Serializes a value a port is asked to store. Ports take `unknown` for payloads and results
 * (so callers can pass their own interfaces) but keep only JSON; this turns anything JSON cannot
 * hold (a cycle, a BigInt, a bare function or `undefined`) into a clear error naming `what`.
 *
 * @example
 * const text = toJsonText(result, `result of job ${jobId}`);
 */
export function toJsonText(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new JudgeloopError("not_json", `${what} cannot be stored: it is not JSON-serializable`, { cause: error });
  }
  if (text === undefined) {
    throw new JudgeloopError("not_json", `${what} cannot be stored: it is not a JSON value`);
  }
  return text;
}

/**
 * A deep copy through JSON text, as any persistent adapter would hand it back: in-memory
 * adapters use it so that they behave exactly like SQLite or DynamoDB ones.
 *
 * @example
 * this.items.set(id, copyJson(record, `run ${id}`));
 */
export function copyJson<T>(value: T, what: string): T {
  return JSON.parse(toJsonText(value, what)) as T;
}
