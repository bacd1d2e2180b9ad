/**
 * Where adapters report what they tolerate instead of throwing (a duplicate task token, a
 * malformed message). Powertools' Logger and `console` both fit. Details never hold prompts,
 * bodies or tokens.
 */
export interface AdapterLogger {
  warn(message: string, detail?: Record<string, unknown>): void;
}
