import { conversationLanguage, type LanguageDetector } from "./language.ts";
import type { Row } from "./parsed-rows.ts";

export interface PreprocessOptions {
  /** ISO 639-1 codes to keep, or "any" to skip the language filter. */
  languages: readonly string[] | "any";
  detector: LanguageDetector;
}

/** How many rows a step dropped for one reason, and which. */
export interface DropCount {
  count: number;
  ids: string[];
}

export interface PreprocessReport {
  input: number;
  kept: number;
  /** Keyed by reason: `blank_company`, `language`. */
  dropped: Record<string, DropCount>;
  /** Detected language → rows, before filtering (among rows that had a company). */
  languages: Record<string, number>;
}

export interface PreprocessResult {
  rows: Row[];
  report: PreprocessReport;
}

/**
 * Drops rows whose company is blank or missing, adds `word_count` and `language`, and keeps the
 * configured languages. The report says what was dropped and why, with ids.
 *
 * @example
 * const { rows, report } = preprocessConversations(loaded, { languages: ["en"], detector });
 * report.dropped.language?.ids; // ["twcs-aa-pair-035379", …]
 */
export function preprocessConversations(rows: readonly Row[], options: PreprocessOptions): PreprocessResult {
  const dropped: Record<string, DropCount> = { blank_company: { count: 0, ids: [] }, language: { count: 0, ids: [] } };
  const languages: Record<string, number> = {};
  const kept: Row[] = [];
  for (const row of rows) {
    const id = String(row.conversation_id);
    if (typeof row.company !== "string" || row.company.trim() === "") {
      drop(dropped, "blank_company", id);
      continue;
    }
    const conversation = String(row.conversation);
    const language = conversationLanguage(conversation, options.detector);
    languages[language] = (languages[language] ?? 0) + 1;
    if (options.languages !== "any" && !options.languages.includes(language)) {
      drop(dropped, "language", id);
      continue;
    }
    kept.push({ ...row, company: row.company.trim(), word_count: countWords(conversation), language });
  }
  return { rows: kept, report: { input: rows.length, kept: kept.length, dropped, languages } };
}

/**
 * Whitespace-separated words, as the reference counts them.
 *
 * @example
 * countWords("Customer: my bag\nSupport: sorry"); // 5
 */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => word !== "").length;
}

function drop(dropped: Record<string, DropCount>, reason: string, id: string): void {
  const entry = dropped[reason] ?? { count: 0, ids: [] };
  entry.count += 1;
  entry.ids.push(id);
  dropped[reason] = entry;
}
