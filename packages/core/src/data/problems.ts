import { JudgeloopError } from "../errors.ts";

/** One thing wrong with an input file, located as precisely as the format allows. */
export interface DataProblem {
  file: string;
  /** 1-based line of a JSONL file or physical line of a CSV file. */
  line?: number;
  /** 1-based data row (CSV rows after the header, Arrow rows). */
  row?: number;
  field?: string;
  reason: string;
}

/**
 * A rejected dataset or label file. `problems` lists every fault found, not just the first, so
 * one pass of fixes is enough; the message repeats the first few for people reading a terminal.
 *
 * @example
 * throw new DatasetError([{ file: "data.jsonl", line: 3, reason: "is not valid JSON" }]);
 */
export class DatasetError extends JudgeloopError {
  readonly problems: DataProblem[];

  constructor(problems: DataProblem[], options?: { cause?: unknown }) {
    super("bad_dataset", summarizeProblems(problems), options);
    this.name = "DatasetError";
    this.problems = problems;
  }
}

const shownInMessage = 20;

/**
 * `file:line row N field `x`: reason`, the way compilers print locations.
 *
 * @example
 * formatProblem({ file: "c.jsonl", line: 3, row: 2, field: "conversation", reason: "is missing" });
 * // "c.jsonl:3 row 2 field `conversation`: is missing"
 */
export function formatProblem(problem: DataProblem): string {
  const where = [problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`];
  if (problem.row !== undefined) where.push(`row ${problem.row}`);
  if (problem.field !== undefined) where.push(`field \`${problem.field}\``);
  return `${where.join(" ")}: ${problem.reason}`;
}

function summarizeProblems(problems: DataProblem[]): string {
  const lines = problems.slice(0, shownInMessage).map((problem) => `  ${formatProblem(problem)}`);
  if (problems.length > shownInMessage) lines.push(`  … and ${problems.length - shownInMessage} more`);
  const noun = problems.length === 1 ? "problem" : "problems";
  return `rejected ${problems[0]?.file ?? "input"}: ${problems.length} ${noun}, nothing imported\n${lines.join("\n")}`;
}

/** Throws a DatasetError when `problems` is not empty. */
export function throwIfProblems(problems: DataProblem[]): void {
  if (problems.length > 0) throw new DatasetError(problems);
}
