import { describe, expect, it } from "vitest";
import { createDatasetVersion } from "./dataset-version.ts";
import { labelledVersion, labelStats, loadSmeLabels, readSmeLabels } from "./labels.ts";
import { DatasetError } from "./problems.ts";

const judgeIds = ["c1", "c2", "c3"];

function csv(text: string) {
  return { format: "csv" as const, file: "sme.csv", text };
}

describe("loadSmeLabels", () => {
  it("reads CSV labels in the spellings spreadsheets use", () => {
    const labels = loadSmeLabels(
      csv(
        'conversation_id,satisfied,critique\nc1,TRUE,"Clear, kind answer."\nc2,no,Ignores the refund question\nc3,1,\n',
      ),
      judgeIds,
    );

    expect(labels).toEqual([
      { conversation_id: "c1", satisfied: true, critique: "Clear, kind answer." },
      { conversation_id: "c2", satisfied: false, critique: "Ignores the refund question" },
      { conversation_id: "c3", satisfied: true, critique: "" },
    ]);
  });

  it("reads JSONL labels", () => {
    const text = '{"conversation_id": "c2", "satisfied": false, "critique": "Too vague."}\n';

    const labels = loadSmeLabels({ format: "jsonl", file: "sme.jsonl", text }, judgeIds);

    expect(labels).toEqual([{ conversation_id: "c2", satisfied: false, critique: "Too vague." }]);
  });

  it("lists unknown ids, duplicates and non-boolean verdicts together and imports nothing", () => {
    const text = "conversation_id,satisfied,critique\nc1,true,ok\nc9,false,who\nc1,false,again\nc2,maybe,hmm\n";

    let error: unknown;
    try {
      loadSmeLabels(csv(text), judgeIds);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).problems.map((p) => `${p.line} ${p.field}: ${p.reason}`)).toEqual([
      '4 conversation_id: duplicate id "c1" (first seen in row 1)',
      '5 satisfied: "maybe" is not a boolean (true/false, yes/no, 1/0)',
      '3 conversation_id: id "c9" is not in the judge set',
    ]);
  });
});

describe("readSmeLabels with an annotator column", () => {
  it("keeps every annotator's label and takes each conversation's first row as the reference", () => {
    const text = [
      "conversation_id,satisfied,critique,annotator",
      "c1,true,Fine.,ana",
      "c2,false,No next step.,ana",
      "c1,false,Too curt.,ben",
      "c3,yes,,ben",
    ].join("\n");

    const { labels, annotated } = readSmeLabels(csv(text), judgeIds);

    expect(labels).toEqual([
      { conversation_id: "c1", satisfied: true, critique: "Fine.", annotator: "ana" },
      { conversation_id: "c2", satisfied: false, critique: "No next step.", annotator: "ana" },
      { conversation_id: "c3", satisfied: true, critique: "", annotator: "ben" },
    ]);
    expect(annotated.map((l) => `${l.annotator}:${l.conversation_id}:${l.satisfied}`)).toEqual([
      "ana:c1:true",
      "ana:c2:false",
      "ben:c1:false",
      "ben:c3:true",
    ]);
    expect(loadSmeLabels(csv(text), judgeIds)).toEqual(labels);
  });

  it("refuses an id twice for one annotator and a row without an annotator, naming line and field", () => {
    const text = [
      '{"conversation_id":"c1","satisfied":true,"annotator":"ana"}',
      '{"conversation_id":"c1","satisfied":false,"annotator":"ben"}',
      '{"conversation_id":"c1","satisfied":false,"annotator":"ana"}',
      '{"conversation_id":"c2","satisfied":false}',
    ].join("\n");

    let error: unknown;
    try {
      readSmeLabels({ format: "jsonl", file: "sme.jsonl", text }, judgeIds);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).problems.map((p) => `${p.line} ${p.field}: ${p.reason}`)).toEqual([
      '3 conversation_id: duplicate id "c1" for annotator "ana" (first seen in row 1)',
      "4 annotator: is missing",
    ]);
  });

  it("gives no annotated labels for a file without the column", () => {
    const { annotated } = readSmeLabels(csv("conversation_id,satisfied\nc1,true\n"), judgeIds);
    expect(annotated).toEqual([]);
  });
});

describe("labelledVersion", () => {
  it("attaches verdicts to the labelled rows and records the unlabelled ones", () => {
    const parent = createDatasetVersion(
      judgeIds.map((id) => ({ conversation_id: id })),
      { parent: null, transform: "import", params: {}, seed: null, counts: {} },
    );
    const labels = [{ conversation_id: "c2", satisfied: true, critique: "Good." }];

    const { version, unlabelled } = labelledVersion(parent, labels, { source: "sme", fileSha256: "ab" });

    expect(version.rows).toEqual([{ conversation_id: "c2", satisfied: true, critique: "Good.", label_source: "sme" }]);
    expect(unlabelled).toEqual(["c1", "c3"]);
    expect(version.lineage).toMatchObject({
      parent: parent.id,
      transform: "label",
      counts: { rows: 1, unlabelled: 2 },
    });
  });
});

describe("labelStats", () => {
  it("reports class balance and critique length in words", () => {
    const stats = labelStats([
      { satisfied: true, critique: "Clear and kind." },
      { satisfied: false, critique: "Ignores the refund question entirely." },
      { satisfied: false, critique: "" },
      { satisfied: true, critique: "Good." },
    ]);

    expect(stats).toEqual({
      total: 4,
      satisfied: 2,
      unsatisfied: 2,
      satisfiedRate: 0.5,
      critique: { meanWords: 2.25, medianWords: 2, maxWords: 5, empty: 1 },
    });
  });
});
