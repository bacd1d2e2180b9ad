import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import { type ProgramState, programStateFormat } from "../module/state.ts";
import { enumType } from "../signature/field.ts";
import { Signature } from "../signature/signature.ts";
import { dspyExportVersions, exportDspyProgram } from "./export-dspy-program.ts";
import { importDspyProgram } from "./import-dspy-program.ts";

const shared = new URL("../../../../../shared/fixtures/dspy-programs/", import.meta.url);
const local = new URL("./fixtures/", import.meta.url);
const readJson = (url: URL): unknown => JSON.parse(readFileSync(url, "utf8"));
const saves = {
  "hello-dspy (2.6)": readJson(new URL("hello-dspy.optimized_rag.json", shared)),
  "LEAR (2.5)": readJson(new URL("lear.optimized_program.json", shared)),
  "flat (2.4)": readJson(new URL("flat-2.4.json", local)),
  "flat verbose (2.4)": readJson(new URL("flat-verbose-2.4.json", local)),
  "3.x": readJson(new URL("dspy-3.x.json", local)),
};

/** A program built in judgeloop: typed fields, no DSPy prefixes, a bound model, an adapter. */
function nativeProgram(): ProgramState {
  const judge = Signature.parse("transcript -> reasoning, satisfied: boolean", "Judge the reply.");
  const triage = Signature.fromSpec({
    inputs: { ticket: { description: "The customer's message" } },
    outputs: { urgency: { type: enumType(["low", "high"]) } },
  });
  return {
    format: programStateFormat,
    name: "support",
    predictors: {
      judge: {
        kind: "chain_of_thought",
        signature: judge.toState(),
        demos: [{ augmented: true, transcript: "t", reasoning: "r", satisfied: true }],
        lm: "openai/gpt-4o-mini",
        adapter: "chat",
      },
      triage: {
        kind: "predict",
        signature: triage.toState(),
        demos: [{ ticket: "x", urgency: "low", id: 7 }],
        lm: null,
      },
    },
    metadata: { createdBy: "test" },
  };
}

describe("exportDspyProgram", () => {
  it("exports predictors named like Object.prototype members as ordinary keys", () => {
    const base = nativeProgram();
    const triage = base.predictors.triage;
    if (!triage) throw new Error("fixture lost its triage predictor");
    // JSON.parse makes both names own properties, as a saved program read from disk would.
    const predictors: ProgramState["predictors"] = JSON.parse('{"constructor":0,"__proto__":0}');
    for (const name of ["constructor", "__proto__"]) {
      Object.defineProperty(predictors, name, { value: triage, enumerable: true });
    }
    const state: ProgramState = { ...base, predictors };

    const exported = exportDspyProgram(state, { sidecar: false });

    expect(Object.keys(exported).sort()).toEqual(["__proto__", "constructor", "metadata"]);
    expect(JSON.parse(JSON.stringify(exported)).constructor.demos).toEqual(triage.demos);
  });

  it("writes each predictor in DSPy 3.x layout with its fields in signature order", () => {
    // Act
    const exported = exportDspyProgram(nativeProgram());

    // Assess
    expect(Object.keys(exported)).toEqual(["judge.predict", "triage", "metadata"]);
    expect(exported.triage).toEqual({
      traces: [],
      train: [],
      demos: [{ ticket: "x", urgency: "low", id: 7 }],
      signature: {
        instructions: "Given the fields `ticket`, produce the fields `urgency`.",
        fields: [
          { prefix: "Ticket:", description: "The customer's message" },
          { prefix: "Urgency:", description: `\${urgency}` },
        ],
      },
      lm: null,
    });
  });

  it("writes exactly DSPy's three dependency versions", () => {
    // Act
    const metadata = exportDspyProgram(nativeProgram()).metadata as Record<string, unknown>;

    // Assess
    expect(metadata.dependency_versions).toEqual(dspyExportVersions);
    expect(Object.keys(dspyExportVersions)).toEqual(["python", "dspy", "cloudpickle"]);
    expect(dspyExportVersions.dspy).toMatch(/^3\./);
  });

  it("writes only the model of a bound LM", () => {
    // Act
    const judge = exportDspyProgram(nativeProgram())["judge.predict"] as Record<string, unknown>;

    // Assess
    expect(judge.lm).toEqual({ model: "openai/gpt-4o-mini" });
  });

  it("keys a program that is one predictor like DSPy's own modules", () => {
    // Prepare
    const program = nativeProgram();
    const { judge, triage } = program.predictors;
    const alone = (name: string, predictor: typeof judge): ProgramState => ({
      format: programStateFormat,
      name,
      predictors: predictor ? { [name]: predictor } : {},
    });

    // Act
    const chainOfThought = exportDspyProgram(alone("judge", judge));
    const predict = exportDspyProgram(alone("triage", triage));

    // Assess
    expect(Object.keys(chainOfThought)).toEqual(["predict", "metadata"]);
    expect(Object.keys(predict)).toEqual(["self", "metadata"]);
  });

  it("leaves out the judgeloop sidecar on request", () => {
    // Act
    const metadata = exportDspyProgram(nativeProgram(), { sidecar: false }).metadata;

    // Assess
    expect(metadata).toEqual({ dependency_versions: dspyExportVersions });
  });

  it("rejects a program state with a malformed part, naming its path", () => {
    // Prepare
    const program = nativeProgram();
    const broken = {
      ...program,
      predictors: { ...program.predictors, triage: { ...program.predictors.triage, demos: [1] } },
    };

    // Act
    const run = () => exportDspyProgram(broken as unknown as ProgramState);

    // Assess
    expect(run).toThrow(JudgeloopError);
    expect(run).toThrow("predictors.triage.demos[0]: expected an object, got number");
  });

  it("rejects two predictors that would share a DSPy key", () => {
    // Prepare
    const program = nativeProgram();
    const { judge, triage } = program.predictors;
    const clash = { ...program, predictors: { a: judge, "a.predict": triage } } as ProgramState;

    // Act
    const run = () => exportDspyProgram(clash);

    // Assess
    expect(run).toThrow("predictors.a.predict: its DSPy key `a.predict` is already taken");
  });
});

describe("exportDspyProgram then importDspyProgram", () => {
  it.each(Object.entries(saves))("gives back the program imported from %s", (_, save) => {
    // Prepare
    const imported = importDspyProgram(save, { inputs: ["question"] });

    // Act
    const again = importDspyProgram(exportDspyProgram(imported));

    // Assess
    expect(again).toEqual(imported);
  });

  it("gives back a program built in judgeloop, types and unset prefixes included", () => {
    // Prepare
    const program = nativeProgram();

    // Act
    const again = importDspyProgram(exportDspyProgram(program));

    // Assess
    expect(again).toEqual(program);
  });

  it("recovers a predictor whose fields were edited after export, and says so", () => {
    // Prepare
    const exported = exportDspyProgram(nativeProgram());
    const triage = exported.triage as { signature: { fields: unknown[] } };
    triage.signature.fields.push({ prefix: "Team:", description: `\${team}` });

    // Act
    const again = importDspyProgram(exported);

    // Assess
    expect(again.predictors.triage?.signature.outputs.map((f) => f.name)).toEqual(["team"]);
    expect(again.predictors.judge).toEqual(nativeProgram().predictors.judge);
    expect(again.metadata?.importedFrom).toMatchObject({
      warnings: expect.arrayContaining([expect.stringMatching(/^triage: fields changed/)]),
    });
  });

  it.each(Object.entries(saves))("keeps names, roles and demos of %s even after DSPy drops the sidecar", (_, save) => {
    // Prepare
    const imported = importDspyProgram(save, { inputs: ["question"] });

    // Act
    const resaved = exportDspyProgram(imported, { sidecar: false });
    const again = importDspyProgram(resaved, { inputs: ["question"] });

    // Assess
    expect(again.predictors).toEqual(imported.predictors);
  });
});
