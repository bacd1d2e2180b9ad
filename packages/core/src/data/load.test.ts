import { describe, expect, it } from "vitest";
import { conversationSchema } from "./conversations.ts";
import { parseFieldMap } from "./field-map.ts";
import { formatOfPath, loadRows } from "./load.ts";
import { DatasetError } from "./problems.ts";

function jsonl(...lines: string[]): { format: "jsonl"; file: string; text: string } {
  return { format: "jsonl", file: "bad.jsonl", text: `${lines.join("\n")}\n` };
}

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof DatasetError) return error.problems.map((p) => `${p.line}:${p.field ?? "-"}:${p.reason}`);
    throw error;
  }
  throw new Error("expected a DatasetError");
}

describe("loadRows", () => {
  it("reads JSONL rows with typed fields", () => {
    const rows = loadRows(jsonl('{"conversation_id": "a", "company": "Delta", "conversation": "Customer: hi"}', ""), {
      schema: conversationSchema,
    });

    expect(rows).toEqual([{ conversation_id: "a", company: "Delta", conversation: "Customer: hi" }]);
  });

  it("lists every problem of a bad file together: broken JSON, missing field, wrong type, duplicate id", () => {
    const source = jsonl(
      '{"conversation_id": "a", "company": "Delta", "conversation": "Customer: hi"}',
      '{"conversation_id": "b", "company": "Delta", "conversation": ',
      '{"conversation_id": "c", "company": "Delta"}',
      '{"conversation_id": "d", "company": "Delta", "conversation": 42}',
      '{"conversation_id": "a", "company": "Delta", "conversation": "Customer: again"}',
      '["not", "an", "object"]',
    );

    const problems = problemsOf(() => loadRows(source, { schema: conversationSchema }));

    expect(problems).toEqual([
      "2:-:is not valid JSON (syntax error)",
      "6:-:is not a JSON object",
      "3:conversation:is missing",
      "4:conversation:42 is not a string",
      '5:conversation_id:duplicate id "a" (first seen in row 1)',
    ]);
  });

  it("names the file, line and field in the error message", () => {
    const source = jsonl('{"conversation_id": "c", "company": "Delta"}');

    expect(() => loadRows(source, { schema: conversationSchema })).toThrow(
      "bad.jsonl:1 row 1 field `conversation`: is missing",
    );
  });

  it("reads CSV with quoted fields, doubled quotes and newlines inside quotes", () => {
    const text = 'conversation_id,company,conversation\nx1,Delta,"Customer: my ""bag""\nSupport: sorry"\n\nx2,,plain\n';

    const rows = loadRows({ format: "csv", file: "c.csv", text }, { schema: conversationSchema });

    expect(rows).toEqual([
      { conversation_id: "x1", company: "Delta", conversation: 'Customer: my "bag"\nSupport: sorry' },
      { conversation_id: "x2", company: "", conversation: "plain" },
    ]);
  });

  it("reports CSV rows with the wrong number of fields at their first line", () => {
    const text = 'conversation_id,company,conversation\nx1,Delta,"two\nlines"\nx2,Delta\n';

    const problems = problemsOf(() => loadRows({ format: "csv", file: "c.csv", text }, { schema: conversationSchema }));

    expect(problems).toEqual(["4:-:has 2 fields, the header has 3"]);
  });

  it("reports an unclosed CSV quote", () => {
    const text = 'conversation_id,company,conversation\nx0,Delta,fine\nx1,Delta,"never closed\nx2,Delta,more\n';

    expect(problemsOf(() => loadRows({ format: "csv", file: "c.csv", text }, { schema: conversationSchema }))).toEqual([
      "3:-:a quoted field in this record is never closed",
    ]);
  });

  it("renames columns with a field map and names the source column when it is missing", () => {
    const source = jsonl('{"id": "a", "company": "Delta", "text": "Customer: hi"}', '{"id": "b", "company": "Delta"}');
    const map = parseFieldMap(["conversation_id=id", "conversation=text"]);

    const problems = problemsOf(() => loadRows(source, { schema: conversationSchema, map }));

    expect(problems).toEqual(["2:conversation (column `text`):is missing"]);
  });

  it("accepts integer ids and turns them into strings", () => {
    const rows = loadRows(jsonl('{"conversation_id": 7, "conversation": "Customer: hi"}'), {
      schema: conversationSchema,
    });

    expect(rows[0]?.conversation_id).toBe("7");
  });
});

describe("parseFieldMap", () => {
  it("parses target=source pairs and rejects malformed ones", () => {
    expect(parseFieldMap(["transcript=output_transcript"])).toEqual({ transcript: "output_transcript" });
    expect(() => parseFieldMap(["transcript"])).toThrow(/expected target=source/);
  });
});

describe("formatOfPath", () => {
  it("infers the format from the file name", () => {
    expect([formatOfPath("a.JSONL"), formatOfPath("b.csv"), formatOfPath("saved_dataset")]).toEqual([
      "jsonl",
      "csv",
      "arrow",
    ]);
  });
});
