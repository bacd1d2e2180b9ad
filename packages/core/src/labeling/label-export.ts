import { JudgeloopError } from "../errors.ts";
import type { SmeLabel } from "./label-set.ts";

export type LabelFileFormat = "csv" | "jsonl";

/**
 * Labels as a file `--sme` reads back: `conversation_id`, `satisfied` (true/false), `critique`.
 * With `annotator`, or a set only one annotator labelled, that annotator's labels. A set several
 * annotators labelled, without `annotator`, writes all of them with a fourth column `annotator`
 * (an id then appears once per annotator; the pipeline aligns the judge to each conversation's
 * first row and measures the SMEs' agreement on the rest).
 *
 * @example
 * labelFileText(labels, "csv", "ana"); // "conversation_id,satisfied,critique\nc1,false,\"Rude, and late.\"\n"
 * labelFileText(labels, "csv"); // "conversation_id,satisfied,critique,annotator\nc1,false,Rude.,ana\nc1,true,,ben\n"
 */
export function labelFileText(labels: readonly SmeLabel[], format: LabelFileFormat, annotator?: string): string {
  const annotators = [...new Set(labels.map((label) => label.annotator))].sort();
  const all = annotator === undefined && annotators.length > 1;
  const chosen = all ? labels : labels.filter((label) => annotator === undefined || label.annotator === annotator);
  // Each annotator's labels together, in the order they were given, so the first annotator's come first.
  const rows = all ? annotators.flatMap((name) => chosen.filter((label) => label.annotator === name)) : chosen;
  if (format === "jsonl") {
    return rows
      .map((l) => {
        const row = { conversation_id: l.conversation_id, satisfied: l.satisfied, critique: l.critique };
        return `${JSON.stringify(all ? { ...row, annotator: l.annotator } : row)}\n`;
      })
      .join("");
  }
  const header = all ? "conversation_id,satisfied,critique,annotator" : "conversation_id,satisfied,critique";
  const lines = rows.map((l) =>
    [l.conversation_id, String(l.satisfied), l.critique, ...(all ? [l.annotator] : [])].map(csvField).join(","),
  );
  return `${header}\n${lines.map((line) => `${line}\n`).join("")}`;
}

/** The format a file name asks for: `.csv` or `.jsonl`/`.json`. */
export function labelFileFormatOf(path: string): LabelFileFormat {
  if (/\.csv$/i.test(path)) return "csv";
  if (/\.jsonl?$/i.test(path)) return "jsonl";
  throw new JudgeloopError("bad_option", `--export ${path}: name a .csv or .jsonl file`);
}

/** Quoted when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
