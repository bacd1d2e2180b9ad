import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "./config.ts";
import { parseTurns } from "./conversation.ts";
import { type LanguageDetector, loadLanguageDetector } from "./language.ts";
import { prepareConversations } from "./prepare.ts";
import { bundledConversations } from "./testdata/bundled.ts";

const config = parseConfig(
  {
    data: { input: "conversations.jsonl" },
    prepare: {
      seed: 10,
      truncation: { seed: 101 },
      sample: { size: 400 },
      splits: { judgeSet: 160, judgeValidation: 50, devHoldout: 40 },
    },
  },
  "test",
);

let detector: LanguageDetector;

beforeAll(async () => {
  detector = await loadLanguageDetector();
});

function prepare() {
  return prepareConversations(bundledConversations(), config.prepare, {
    detector,
    source: { format: "jsonl", map: {} },
  });
}

describe("prepareConversations", () => {
  it("runs every step with the reference sizes, each version pointing at its parent", () => {
    const { datasets, preprocess } = prepare();

    const sizes = Object.fromEntries(Object.entries(datasets).map(([name, version]) => [name, version.rows.length]));

    expect(sizes).toEqual({
      imported: 2023,
      preprocessed: 2009,
      truncated: 2009,
      sampled: 400,
      judge: 160,
      judgeTrain: 110,
      judgeValidation: 50,
      dev: 240,
      devTrain: 200,
      devHoldout: 40,
    });
    expect(preprocess.dropped.language?.count).toBe(14);
    expect(datasets.judgeTrain.lineage.parent).toBe(datasets.judge.id);
    expect(datasets.judge.lineage.parent).toBe(datasets.sampled.id);
    expect(datasets.sampled.lineage).toMatchObject({ parent: datasets.truncated.id, transform: "sample", seed: 10 });
    expect(datasets.truncated.lineage).toMatchObject({ transform: "truncate", seed: 101 });
  });

  it("gives every step the same id when run again", () => {
    const first = prepare().datasets;
    const second = prepare().datasets;

    expect(Object.values(second).map((v) => v.id)).toEqual(Object.values(first).map((v) => v.id));
  });

  it("ends every prepared transcript on a customer turn, prefixed with the company", () => {
    const { datasets } = prepare();

    for (const row of datasets.sampled.rows) {
      const transcript = String(row.company_and_transcript);
      expect(transcript.startsWith(`Company: ${row.company}\nTranscript so far: Customer: `)).toBe(true);
      expect(parseTurns(String(row.truncated_conversation)).at(-1)?.speaker).toBe("customer");
    }
  });
});
