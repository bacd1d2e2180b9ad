import { describe, expect, it } from "vitest";
import { readSmeLabels } from "../data/labels.ts";
import { labelFileText } from "./label-export.ts";
import type { SmeLabel } from "./label-set.ts";

const at = "2026-12-06T22:00:00.000Z";
const label = (annotator: string, id: string, satisfied: boolean, critique = ""): SmeLabel => ({
  conversation_id: id,
  satisfied,
  critique,
  annotator,
  labelledAt: at,
});

const labels = [
  label("ben", "c1", false, 'Says "soon", no date.'),
  label("ana", "c1", true, "Clear, kind."),
  label("ana", "c2", false, "No next step."),
  label("ben", "c3", true),
];

describe("labelFileText", () => {
  it("writes one annotator's labels without an annotator column", () => {
    expect(labelFileText(labels, "csv", "ana")).toBe(
      'conversation_id,satisfied,critique\nc1,true,"Clear, kind."\nc2,false,No next step.\n',
    );
  });

  it("writes every annotator's labels with an annotator column, which the --sme import reads back", () => {
    for (const format of ["csv", "jsonl"] as const) {
      const text = labelFileText(labels, format);
      const read = readSmeLabels({ format, file: `labels.${format}`, text }, ["c1", "c2", "c3"]);

      // Annotators in name order, each one's labels in the order given.
      expect(read.annotated).toEqual([
        { conversation_id: "c1", satisfied: true, critique: "Clear, kind.", annotator: "ana" },
        { conversation_id: "c2", satisfied: false, critique: "No next step.", annotator: "ana" },
        { conversation_id: "c1", satisfied: false, critique: 'Says "soon", no date.', annotator: "ben" },
        { conversation_id: "c3", satisfied: true, critique: "", annotator: "ben" },
      ]);
      // The reference label of c1 is the first annotator's.
      expect(read.labels.map((l) => `${l.conversation_id}:${l.annotator}`)).toEqual(["c1:ana", "c2:ana", "c3:ben"]);
    }
    expect(labelFileText(labels, "csv").split("\n")[0]).toBe("conversation_id,satisfied,critique,annotator");
  });
});
