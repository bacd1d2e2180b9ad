/**
 * Writes examples/airline-support/seeds.csv: 50 seed questions for `judgeloop synthesize`, the
 * opening customer turn of bundled conversations (examples/airline-support/conversations.jsonl,
 * whose README carries the licence). It takes conversations in file order, a few per airline
 * first so every company appears, keeping English openings of 40 to 280 characters with the
 * customer @handle removed. Re-run it to regenerate the file: `npx tsx scripts/make-synthesis-seeds.ts`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { conversationLanguage, loadLanguageDetector, parseTurns } from "@judgeloop/core";

const source = "examples/airline-support/conversations.jsonl";
const target = "examples/airline-support/seeds.csv";
const wanted = 50;
const perCompanyFirst = 4;

const detector = await loadLanguageDetector();
const candidates = readFileSync(source, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as { conversation_id: string; company: string; conversation: string })
  .flatMap((row) => {
    const opening = parseTurns(row.conversation).find((turn) => turn.speaker === "customer")?.text ?? "";
    const question = opening.replace(/@\w+/g, "").replace(/\s+/g, " ").trim();
    const english = conversationLanguage(`Customer: ${question}`, detector) === "en";
    return english && question.length >= 40 && question.length <= 280 ? [{ ...row, question }] : [];
  });

const chosen = new Map<string, (typeof candidates)[number]>();
const seenQuestions = new Set<string>();
const take = (row: (typeof candidates)[number]) => {
  if (chosen.size >= wanted || chosen.has(row.conversation_id) || seenQuestions.has(row.question)) return;
  chosen.set(row.conversation_id, row);
  seenQuestions.add(row.question);
};
for (const company of new Set(candidates.map((row) => row.company))) {
  for (const row of candidates.filter((r) => r.company === company).slice(0, perCompanyFirst)) take(row);
}
for (const row of candidates) take(row);

const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
const lines = [
  "id,company,question",
  ...[...chosen.values()].map((r) => [r.conversation_id, r.company, r.question].map(quote).join(",")),
];
writeFileSync(target, `${lines.join("\n")}\n`);
console.log(`wrote ${chosen.size} seed questions to ${target}`);
