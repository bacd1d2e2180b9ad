import { createHash } from "node:crypto";
import { type DatasetSource, parseSource } from "./load.ts";
import { type LocatedRow, problemAt } from "./parsed-rows.ts";
import { type DataProblem, throwIfProblems } from "./problems.ts";

/** One seed of `judgeloop synthesize`: the customer question a conversation is about. */
export interface SeedQuestion {
  /** The seed's `id` column, else `seed-<line>` (its line in the seed file, so it stays stable). */
  id: string;
  question: string;
  /** The seed's `company` column; undefined when the file has none or the cell is blank. */
  company?: string;
}

/**
 * Reads a seed file (CSV with a header, or JSONL) into seed questions. Every problem is
 * collected with its line (bad CSV quoting, bad JSON, no `question` column, an empty question,
 * a duplicate id) and thrown as one DatasetError, so a bad file never starts a synthesis.
 *
 * @example
 * const seeds = parseSeedQuestions({ format: "csv", file: "seeds.csv", text: "question\nWhere is my bag?\n" });
 * seeds[0]; // { id: "seed-2", question: "Where is my bag?" }
 */
export function parseSeedQuestions(source: DatasetSource): SeedQuestion[] {
  const parsed = parseSource(source);
  const problems: DataProblem[] = [...parsed.problems];
  const header = source.format === "csv" ? csvHeaderProblem(source.file, source.text) : undefined;
  if (header !== undefined) throwIfProblems([...problems, header]);
  const seeds: SeedQuestion[] = [];
  const firstRowOfId = new Map<string, number>();
  for (const located of parsed.rows) {
    const rowProblems = seedProblems(parsed.file, located);
    const id = seedId(located);
    const first = firstRowOfId.get(id);
    if (first !== undefined)
      rowProblems.push(problemAt(parsed.file, located, `duplicate id (first in row ${first})`, "id"));
    else firstRowOfId.set(id, located.row);
    problems.push(...rowProblems);
    if (rowProblems.length === 0) seeds.push(seedOf(located, id));
  }
  if (problems.length === 0 && seeds.length === 0)
    problems.push({ file: parsed.file, reason: "has no seed questions" });
  throwIfProblems(problems);
  return seeds;
}

/**
 * The sha256 of a seed file's bytes: the synthesized dataset's lineage names its seeds by it.
 *
 * @example
 * seedFileHash("question\nWhere is my bag?\n").length; // 64
 */
export function seedFileHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A CSV whose header has no `question` column fails once, at line 1, instead of once per row. */
function csvHeaderProblem(file: string, text: string): DataProblem | undefined {
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  if (firstLine.trim() === "") return undefined;
  const names = firstLine.split(",").map((name) => name.trim().replace(/^"(.*)"$/, "$1"));
  if (names.includes("question")) return undefined;
  return { file, line: 1, field: "question", reason: `the header has no question column (it has ${names.join(", ")})` };
}

function seedProblems(file: string, located: LocatedRow): DataProblem[] {
  const { question, company, id } = located.values;
  const problems: DataProblem[] = [];
  if (question === undefined || question === null) problems.push(problemAt(file, located, "is missing", "question"));
  else if (typeof question !== "string") problems.push(problemAt(file, located, "is not a string", "question"));
  else if (question.trim() === "") problems.push(problemAt(file, located, "is empty", "question"));
  if (company !== undefined && company !== null && typeof company !== "string") {
    problems.push(problemAt(file, located, "is not a string", "company"));
  }
  // A blank id cell means "no id", as a CSV with ids for only some rows writes it.
  const idOk = id === undefined || id === null || typeof id === "string" || Number.isSafeInteger(id);
  if (!idOk) problems.push(problemAt(file, located, "is not an id (a non-empty string or an integer)", "id"));
  return problems;
}

function seedId(located: LocatedRow): string {
  const { id } = located.values;
  if (typeof id === "string" && id.trim() !== "") return id;
  if (typeof id === "number") return String(id);
  return `seed-${located.line ?? located.row}`;
}

function seedOf(located: LocatedRow, id: string): SeedQuestion {
  const { question, company } = located.values;
  const name = typeof company === "string" ? company.trim() : "";
  return { id, question: oneLine(String(question)), ...(name !== "" && { company: name }) };
}

/** Seed text goes into a one-line-per-turn transcript: inner newlines would start fake turns. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
