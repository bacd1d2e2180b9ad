import { JudgeloopError } from "../errors.ts";
import type { SmeLabel } from "./label-set.ts";

export type LabelFileFormat = "csv" | "jsonl";

/**
 * One annotator's labels as a file `judgeloop label --sme` reads back: `conversation_id`,
 * `satisfied` (true/false), `critique`. Several annotators would give duplicate ids, which the
 * import refuses, so a set with more than one needs `annotator`.
 *
 * @example
 * labelFileText(labels, "csv", "ana"); // "conversation_id,satisfied,critique\nc1,false,\"Rude, and late.\"\n"
 */
export function labelFileText(labels: readonly SmeLabel[], format: LabelFileFormat, annotator?: string): string {
  const annotators = [...new Set(labels.map((label) => label.annotator))].sort();
  const chosen = annotator ?? (annotators.length <= 1 ? annotators[0] : undefined);
  if (chosen === undefined) {
    throw new JudgeloopError(
      "bad_option",
      `the label set has ${annotators.length} annotators (${annotators.join(", ")}); name one with --annotator`,
    );
  }
  const own = labels.filter((label) => label.annotator === chosen);
  if (format === "jsonl") {
    return own
      .map(
        (l) =>
          `${JSON.stringify({ conversation_id: l.conversation_id, satisfied: l.satisfied, critique: l.critique })}\n`,
      )
      .join("");
  }
  const lines = own.map((l) => [l.conversation_id, String(l.satisfied), l.critique].map(csvField).join(","));
  return `conversation_id,satisfied,critique\n${lines.map((line) => `${line}\n`).join("")}`;
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
