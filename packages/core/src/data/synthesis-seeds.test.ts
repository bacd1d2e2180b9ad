import { describe, expect, it } from "vitest";
import { DatasetError } from "./problems.ts";
import { parseSeedQuestions, seedFileHash } from "./synthesis-seeds.ts";

const csv = (text: string) => ({ format: "csv" as const, file: "seeds.csv", text });
const jsonl = (text: string) => ({ format: "jsonl" as const, file: "seeds.jsonl", text });

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof DatasetError) return error.problems.map((p) => `${p.line}:${p.field ?? ""}:${p.reason}`);
    throw error;
  }
  throw new Error("expected a DatasetError");
}

describe("parseSeedQuestions", () => {
  it("reads CSV questions with their company and id, or a line-numbered id", () => {
    const seeds = parseSeedQuestions(
      csv('id,company,question\nq1,Delta,"Where is\nmy bag?"\n,,Can I change my seat?\n'),
    );

    expect(seeds).toEqual([
      { id: "q1", company: "Delta", question: "Where is my bag?" },
      { id: "seed-4", question: "Can I change my seat?" },
    ]);
  });

  it("reads JSONL questions; the company column is optional", () => {
    const seeds = parseSeedQuestions(
      jsonl('{"question": "Refund please"}\n\n{"question": "Wifi?", "company": "JetBlue"}\n'),
    );

    expect(seeds).toEqual([
      { id: "seed-1", question: "Refund please" },
      { id: "seed-3", question: "Wifi?", company: "JetBlue" },
    ]);
  });

  it("names line 1 when the CSV header has no question column", () => {
    expect(problemsOf(() => parseSeedQuestions(csv("id,text\n1,Where is my bag?\n")))).toEqual([
      "1:question:the header has no question column (it has id, text)",
    ]);
  });

  it("names the line of an empty question", () => {
    expect(problemsOf(() => parseSeedQuestions(csv('question\nWhere is my bag?\n"  "\n')))).toEqual([
      "3:question:is empty",
    ]);
  });

  it("names the line of a JSONL object without a question", () => {
    expect(problemsOf(() => parseSeedQuestions(jsonl('{"question": "a"}\n{"q": "b"}\n')))).toEqual([
      "2:question:is missing",
    ]);
  });

  it("names the line where CSV quoting breaks", () => {
    const [problem] = problemsOf(() => parseSeedQuestions(csv('question\nfine\n"never closed\nmore\n')));

    expect(problem).toBe("3::a quoted field in this record is never closed");
  });

  it("names the line of bad JSON", () => {
    const [problem] = problemsOf(() => parseSeedQuestions(jsonl('{"question": "a"}\n{"question": \n')));

    expect(problem).toMatch(/^2::is not valid JSON/);
  });

  it("refuses a duplicate id", () => {
    expect(problemsOf(() => parseSeedQuestions(csv("id,question\na,one\na,two\n")))).toEqual([
      "3:id:duplicate id (first in row 1)",
    ]);
  });

  it("refuses a file without seeds", () => {
    expect(problemsOf(() => parseSeedQuestions(jsonl("\n")))).toEqual(["undefined::has no seed questions"]);
  });
});

describe("seedFileHash", () => {
  it("changes with any byte of the file", () => {
    expect(seedFileHash("question\na\n")).not.toBe(seedFileHash("question\nb\n"));
    expect(seedFileHash("question\na\n")).toMatch(/^[0-9a-f]{64}$/);
  });
});
