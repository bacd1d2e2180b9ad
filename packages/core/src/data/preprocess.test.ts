import { beforeAll, describe, expect, it } from "vitest";
import { conversationLanguage, type LanguageDetector, loadLanguageDetector } from "./language.ts";
import { countWords, preprocessConversations } from "./preprocess.ts";
import { rowsWithIds } from "./testdata/bundled.ts";

/** Bundled conversations whose customer writes Spanish or Portuguese. */
const nonEnglish = [
  "twcs-3578",
  "twcs-aa-pair-006812",
  "twcs-aa-pair-035379",
  "twcs-aa-pair-059763",
  "twcs-aa-pair-151058",
  "twcs-aa-pair-199640",
];

/** English ones, including very short customer messages that fool detectors on their own. */
const english = [
  "twcs-362",
  "twcs-1944",
  "twcs-aa-pair-021338",
  "twcs-aa-pair-136125",
  "twcs-aa-pair-177602",
  "twcs-aa-pair-010600",
  "twcs-aa-pair-148949",
  "twcs-aa-pair-169269",
];

let detector: LanguageDetector;

beforeAll(async () => {
  detector = await loadLanguageDetector();
});

describe("preprocessConversations", () => {
  it("drops the Spanish and Portuguese conversations of the bundled data and keeps the English ones", () => {
    const rows = rowsWithIds([...nonEnglish, ...english]);

    const { rows: kept, report } = preprocessConversations(rows, { languages: ["en"], detector });

    expect(kept.map((row) => row.conversation_id)).toEqual(english);
    expect(report.dropped.language?.ids).toEqual(nonEnglish);
    expect(report.languages).toEqual({ en: 8, es: 4, pt: 2 });
  });

  it("drops rows whose company is blank or missing and reports their ids", () => {
    const rows = [
      { conversation_id: "a", company: "Delta", conversation: "Customer: where is my bag" },
      { conversation_id: "b", company: "  ", conversation: "Customer: where is my bag" },
      { conversation_id: "c", conversation: "Customer: where is my bag" },
    ];

    const { rows: kept, report } = preprocessConversations(rows, { languages: "any", detector });

    expect(kept.map((row) => row.conversation_id)).toEqual(["a"]);
    expect(report.dropped.blank_company).toEqual({ count: 2, ids: ["b", "c"] });
    expect(report).toMatchObject({ input: 3, kept: 1 });
  });

  it("adds word counts and the detected language", () => {
    const [row] = preprocessConversations(rowsWithIds(["twcs-aa-pair-021338"]), { languages: ["en"], detector }).rows;

    expect(row?.language).toBe("en");
    expect(row?.word_count).toBe(countWords(String(row?.conversation)));
  });

  it("keeps every language when told to", () => {
    const { rows } = preprocessConversations(rowsWithIds(nonEnglish), { languages: "any", detector });

    expect(rows).toHaveLength(nonEnglish.length);
  });
});

describe("conversationLanguage", () => {
  it("goes by the customer's words when support answers a Spanish tweet in English", () => {
    const conversation = "Customer: Gracias por avisarme anoche del atraso en la salida\nSupport: You're welcome!";

    expect(conversationLanguage(conversation, detector)).toBe("es");
  });

  it("uses the whole conversation when the customer wrote too little to tell", () => {
    const conversation =
      "Customer: Nonsense\nSupport: We're expecting an update at 12:30p. Our apologies for the wait.";

    expect(conversationLanguage(conversation, detector)).toBe("en");
  });
});

describe("countWords", () => {
  it("counts whitespace-separated words", () => {
    expect(countWords("  Customer: my  bag\nSupport: sorry ")).toBe(5);
  });
});
