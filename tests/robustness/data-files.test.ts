import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { conversationSchema, DatasetError, loadRows } from "@judgeloop/core";
import { readDatasetSource } from "@judgeloop/local";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invalidUtf8Bytes, jsonText, nastyJson, nastyString } from "./support/arbitraries.ts";
import { asyncOutcomeOf, propertyRuns } from "./support/properties.ts";

let root: string;
let cases = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "judgeloop-robustness-files-"));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh directory per case, so one case's files never leak into the next. */
async function caseDir(): Promise<string> {
  cases += 1;
  const dir = join(root, `case-${cases}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe("readDatasetSource", () => {
  it("reads UTF-8 files as their text and rejects any other bytes with the first bad line", async () => {
    const bytes = fc.oneof(
      invalidUtf8Bytes(),
      nastyString(30).map((text) => new TextEncoder().encode(text)),
    );
    await fc.assert(
      fc.asyncProperty(bytes, fc.constantFrom("c.jsonl", "c.csv"), async (content, name) => {
        const path = join(await caseDir(), name);
        await writeFile(path, content);

        const outcome = await asyncOutcomeOf(() => readDatasetSource(path));

        if (outcome.ok) {
          expect(isUtf8(content)).toBe(true);
          const source = outcome.value;
          if (source.format === "arrow") throw new Error("a text file read as Arrow");
          expect(source.text).toBe(strictUtf8.decode(content));
          return;
        }
        expect(isUtf8(content)).toBe(false);
        expect(outcome.error).toBeInstanceOf(DatasetError);
        const [problem] = (outcome.error as DatasetError).problems;
        expect(problem?.file).toBe(path);
        expect(problem?.line).toBeGreaterThanOrEqual(1);
      }),
      propertyRuns(100),
    );
  });

  it("names the line of the first byte that is not UTF-8", async () => {
    const path = join(await caseDir(), "c.jsonl");
    await writeFile(
      path,
      Buffer.concat([Buffer.from('{"a":1}\r\n{"a":"ok"}\n{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]),
    );

    const outcome = await asyncOutcomeOf(() => readDatasetSource(path));

    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect((outcome.error as DatasetError).problems).toEqual([
      { file: path, line: 3, reason: "is not valid UTF-8 (save the file as UTF-8)" },
    ]);
  });

  it("reads any dataset_dict.json and state.json to shards or a clear error, without looping", async () => {
    const splitName = fc.oneof(
      fc.constantFrom(".", "..", "train", "test", "", "a/b", "../..", "...", "__proto__"),
      nastyString(3),
    );
    const dict = fc.oneof(
      nastyString(12),
      nastyJson(3).map(jsonText),
      fc.array(splitName, { maxLength: 3 }).map((splits) => jsonText({ splits })),
    );
    const state = fc.option(
      fc.oneof(
        nastyJson(3).map(jsonText),
        fc
          .array(fc.record({ filename: nastyJson(1) }), { maxLength: 3 })
          .map((files) => jsonText({ _data_files: files })),
      ),
    );
    await fc.assert(
      fc.asyncProperty(dict, state, fc.option(splitName), async (dictJson, stateJson, wanted) => {
        const dir = await caseDir();
        await mkdir(join(dir, "train"));
        await writeFile(join(dir, "dataset_dict.json"), dictJson);
        if (stateJson !== null) await writeFile(join(dir, "train", "state.json"), stateJson);

        const outcome = await asyncOutcomeOf(() => readDatasetSource(dir, wanted === null ? {} : { split: wanted }));

        if (!outcome.ok) {
          expect(["bad_dataset", "bad_input"]).toContain(outcome.error.code);
          return;
        }
        if (outcome.value.format !== "arrow") throw new Error("a directory read as text");
        expect(outcome.value.files.dir.startsWith(dir)).toBe(true);
      }),
      propertyRuns(100),
    );
  });

  it("rejects a split named . or .., instead of rereading the dictionary forever or leaving the dataset", async () => {
    const dir = await caseDir();

    for (const split of [".", ".."]) {
      await writeFile(join(dir, "dataset_dict.json"), jsonText({ splits: [split] }));
      const outcome = await asyncOutcomeOf(() => readDatasetSource(dir));

      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error.message).toMatch(/dataset_dict\.json has no list of split names/);
    }
  });

  it("loads rows from any file it reads, or rejects them with a DatasetError", async () => {
    const content = fc.oneof(
      nastyString(40),
      fc
        .array(fc.record({ conversation_id: nastyJson(1), conversation: nastyJson(1) }), { maxLength: 4 })
        .map((rows) => rows.map(jsonText).join("\r\n")),
    );
    await fc.assert(
      fc.asyncProperty(content, fc.constantFrom("c.jsonl", "c.csv", "c.ndjson"), async (text, name) => {
        const path = join(await caseDir(), name);
        await writeFile(path, text);

        const outcome = await asyncOutcomeOf(async () =>
          loadRows(await readDatasetSource(path), { schema: conversationSchema }),
        );

        if (!outcome.ok) expect(outcome.error).toBeInstanceOf(DatasetError);
      }),
      propertyRuns(100),
    );
  });
});

describe("readDatasetSource on a DatasetDict", () => {
  it("names a listed split whose directory is missing, instead of throwing ENOENT", async () => {
    const dir = await caseDir();
    await writeFile(join(dir, "dataset_dict.json"), jsonText({ splits: ["test"] }));

    const outcome = await asyncOutcomeOf(() => readDatasetSource(dir));

    expect(outcome.ok).toBe(false);
    if (!outcome.ok)
      expect(outcome.error.message).toBe(`${dir}/dataset_dict.json lists split "test", which is not a directory`);
  });
});
