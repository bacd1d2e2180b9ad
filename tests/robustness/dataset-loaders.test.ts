import {
  conversationSchema,
  DatasetError,
  formatTurns,
  loadRows,
  parseCsv,
  parseJsonl,
  parseTurns,
  type Row,
} from "@judgeloop/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  deeplyNestedArray,
  deeplyNestedObject,
  hugeText,
  jsonText,
  nastyJson,
  nastyKey,
  nastyString,
  wellFormed,
} from "./support/arbitraries.ts";
import { outcomeOf, propertyRuns } from "./support/properties.ts";

const lineEnding = fc.constantFrom("\n", "\r\n");
const jsonObject = fc.dictionary(nastyKey(), nastyJson(3), { maxKeys: 5 });

/** RFC 4180 with every field quoted: the strictest way a spreadsheet writes CSV. */
function csvLine(cells: readonly string[]): string {
  return cells.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(",");
}

describe("parseJsonl", () => {
  it("reads any text into rows and located problems without throwing", () => {
    fc.assert(
      fc.property(nastyString(60), (text) => {
        const outcome = outcomeOf(() => parseJsonl(text, "data.jsonl"));

        if (!outcome.ok) throw outcome.error;
        const lines = text.split(/\r?\n/).length;
        for (const problem of outcome.value.problems) {
          expect(problem.file).toBe("data.jsonl");
          expect(problem.line).toBeGreaterThanOrEqual(1);
          expect(problem.line).toBeLessThanOrEqual(lines);
        }
        expect(outcome.value.rows.map((r) => r.row)).toEqual(outcome.value.rows.map((_, i) => i + 1));
      }),
      propertyRuns(200),
    );
  });

  it("reads back every object it is given, whatever the BOM, line ending and content", () => {
    fc.assert(
      fc.property(fc.array(jsonObject, { maxLength: 8 }), lineEnding, fc.boolean(), (objects, eol, bom) => {
        const text = `${bom ? "\ufeff" : ""}${objects.map(jsonText).join(eol)}${eol}`;

        const { rows, problems } = parseJsonl(text, "data.jsonl");

        expect(problems).toEqual([]);
        expect(rows.map((r) => r.values)).toEqual(objects.map((o) => JSON.parse(jsonText(o))));
        expect(rows.map((r) => r.line)).toEqual(objects.map((_, i) => i + 1));
      }),
      propertyRuns(150),
    );
  });

  it("reads a 5 MB line", () => {
    const conversation = hugeText(5_000_000);

    const { rows } = parseJsonl(`${jsonText({ conversation_id: "1", conversation })}\n`, "big.jsonl");

    expect(rows[0]?.values.conversation).toBe(conversation);
  });

  it("reports 100,000 levels of nesting as a problem, not a stack overflow", () => {
    const text = `${deeplyNestedArray(100_000)}\n{"conversation_id":"1","conversation":"x","extra":${deeplyNestedObject(100_000)}}\n`;

    const outcome = outcomeOf(() =>
      loadRows({ format: "jsonl", file: "deep.jsonl", text }, { schema: conversationSchema }),
    );

    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBeInstanceOf(DatasetError);
    expect((outcome.error as DatasetError).problems.map((p) => [p.line, p.reason])).toEqual([
      [1, "is not a JSON object"],
      [2, expect.stringMatching(/nest/)],
    ]);
  });
});

describe("parseCsv", () => {
  it("reads any text into rows and located problems without throwing", () => {
    fc.assert(
      fc.property(nastyString(60), (text) => {
        const outcome = outcomeOf(() => parseCsv(text, "data.csv"));

        if (!outcome.ok) throw outcome.error;
        for (const problem of outcome.value.problems) {
          expect(problem.file).toBe("data.csv");
          if (problem.line !== undefined) expect(problem.line).toBeGreaterThanOrEqual(1);
        }
      }),
      propertyRuns(200),
    );
  });

  it("reads back every quoted cell, newlines, NULs, quotes and emoji included", () => {
    // Text decoded from a file never holds a lone surrogate, and csv-parse re-encodes its input as UTF-8.
    const cell = nastyString(6).map(wellFormed);
    const header = fc.uniqueArray(
      cell.filter((name) => name.trim() !== ""),
      { minLength: 1, maxLength: 4 },
    );
    const table = header.chain((names) =>
      fc.tuple(
        fc.constant(names),
        fc.array(
          fc
            .array(cell, { minLength: names.length, maxLength: names.length })
            .filter((cells) => cells.some((c) => c !== "")),
          { maxLength: 6 },
        ),
      ),
    );
    fc.assert(
      fc.property(table, lineEnding, fc.boolean(), ([names, records], eol, bom) => {
        const text = `${bom ? "\ufeff" : ""}${[names, ...records].map(csvLine).join(eol)}${eol}`;

        const { rows, problems } = parseCsv(text, "data.csv");

        expect(problems).toEqual([]);
        const expected = records.map((cells) => Object.fromEntries(names.map((name, i) => [name, cells[i]])));
        expect(rows.map((r) => r.values)).toEqual(expected);
        const lines = rows.map((r) => r.line ?? 0);
        expect(lines.every((line, i) => line > (lines[i - 1] ?? 1))).toBe(true);
      }),
      propertyRuns(150),
    );
  });

  it("reads a 5 MB cell", () => {
    const conversation = hugeText(5_000_000);

    const { rows } = parseCsv(`conversation_id,conversation\n1,${csvLine([conversation])}\n`, "big.csv");

    expect(rows[0]?.values.conversation).toBe(conversation);
  });
});

describe("loadRows", () => {
  const source = fc.oneof(
    fc.record({ format: fc.constant("jsonl" as const), file: fc.constant("c.jsonl"), text: nastyString(60) }),
    fc.record({ format: fc.constant("csv" as const), file: fc.constant("c.csv"), text: nastyString(60) }),
    fc.record({
      format: fc.constant("jsonl" as const),
      file: fc.constant("c.jsonl"),
      text: fc.array(jsonObject, { maxLength: 6 }).map((rows) => rows.map(jsonText).join("\n")),
    }),
    fc.record({
      format: fc.constant("jsonl" as const),
      file: fc.constant("c.jsonl"),
      text: fc
        .array(fc.record({ conversation_id: nastyJson(2), conversation: nastyJson(2), company: nastyJson(1) }), {
          maxLength: 6,
        })
        .map((rows) => rows.map(jsonText).join("\n")),
    }),
  );

  it("returns checked conversations or a DatasetError that locates every problem", () => {
    fc.assert(
      fc.property(source, (input) => {
        const outcome = outcomeOf(() => loadRows(input, { schema: conversationSchema }));

        if (outcome.ok) {
          expectConversations(outcome.value);
          return;
        }
        expect(outcome.error).toBeInstanceOf(DatasetError);
        const { problems } = outcome.error as DatasetError;
        expect(problems.length).toBeGreaterThan(0);
        for (const problem of problems) {
          expect(problem.file).toBe(input.file);
          expect(problem.reason).not.toBe("");
        }
      }),
      propertyRuns(200),
    );
  });

  it("reports an id object that cannot become a string, instead of throwing a TypeError", () => {
    const text =
      '{"conversation_id":{"toString":1},"conversation":"x"}\n{"conversation_id":{"toString":1},"conversation":"y"}';

    const outcome = outcomeOf(() =>
      loadRows({ format: "jsonl", file: "c.jsonl", text }, { schema: conversationSchema }),
    );

    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect((outcome.error as DatasetError).problems.map((p) => [p.row, p.field])).toEqual([
      [1, "conversation_id"],
      [2, "conversation_id"],
    ]);
  });
});

function expectConversations(rows: readonly Row[]): void {
  const ids = rows.map((row) => row.conversation_id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const row of rows) {
    expect(typeof row.conversation_id).toBe("string");
    expect(typeof row.conversation).toBe("string");
    expect(row.company === undefined || row.company === null || typeof row.company === "string").toBe(true);
  }
}

describe("parseTurns", () => {
  it("splits any transcript into turns that format and re-parse to the same turns", () => {
    fc.assert(
      fc.property(nastyString(40), (transcript) => {
        const outcome = outcomeOf(() => parseTurns(transcript));

        if (!outcome.ok) throw outcome.error;
        for (const turn of outcome.value) {
          expect(["customer", "support"]).toContain(turn.speaker);
          expect(turn.text).toBe(turn.text.trim());
        }
        expect(parseTurns(formatTurns(outcome.value))).toEqual(outcome.value);
      }),
      propertyRuns(200),
    );
  });

  it("starts a turn whose speaker stands alone on its line with the next line, not a line break", () => {
    expect(parseTurns("Customer:\nmy bag is lost\nSupport:\r\n\r\nsorry!")).toEqual([
      { speaker: "customer", text: "my bag is lost" },
      { speaker: "support", text: "sorry!" },
    ]);
  });

  it("keeps a 5 MB transcript of one-line turns whole", () => {
    const transcript = Array.from(
      { length: 50_000 },
      (_, i) => `${i % 2 ? "Support" : "Customer"}: ${"x".repeat(100)}`,
    ).join("\r\n");

    const turns = parseTurns(transcript);

    expect(turns).toHaveLength(50_000);
    expect(turns[49_999]).toEqual({ speaker: "support", text: "x".repeat(100) });
  });
});
