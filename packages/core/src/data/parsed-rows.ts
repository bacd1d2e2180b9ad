import type { DataProblem } from "./problems.ts";

/** A plain record read from a dataset file: column name → value. */
export type Row = Record<string, unknown>;

/** A row plus where it came from, so later checks can point at the right line. */
export interface LocatedRow {
  values: Row;
  /** 1-based data row. */
  row: number;
  /** 1-based first line in the file, for line-oriented formats. */
  line?: number;
}

/** What a parser returns: the rows it could read and everything wrong with the rest. */
export interface ParseResult {
  file: string;
  rows: LocatedRow[];
  problems: DataProblem[];
}

/** A problem located at `located` in `file`. */
export function problemAt(file: string, located: LocatedRow, reason: string, field?: string): DataProblem {
  const problem: DataProblem = { file, row: located.row, reason };
  if (located.line !== undefined) problem.line = located.line;
  if (field !== undefined) problem.field = field;
  return problem;
}
