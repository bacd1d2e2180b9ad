import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Predict, singlePredictorProgram } from "@judgeloop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationsFile, judgeloop, offlineEnv, scratch } from "./support/cli.ts";

// A new user's chain of commands on a fresh home, offline (every model simulated): each step
// takes what the one before wrote, and the saved program scores the same wherever it is loaded.

let dir: string;
let cleanup: () => Promise<void>;
let env: NodeJS.ProcessEnv;
const file = (name: string) => join(dir, name);
const home = () => file("home");

const judgeSignature = "transcript -> satisfied: boolean";
const onLabelled = (rows: string) => ["--dataset", rows, "--map", "transcript=output_transcript"];

beforeAll(async () => {
  ({ dir, cleanup } = await scratch("chain"));
  env = offlineEnv({ JUDGELOOP_HOME: home() });
  const config = {
    name: "chain",
    data: { input: conversationsFile },
    prepare: { seed: 10, sample: { size: 80 }, splits: { judgeSet: 40, judgeValidation: 15, devHoldout: 15 } },
  };
  await writeFile(file("chain.config.json"), JSON.stringify(config));
  const baseline = singlePredictorProgram("predict", new Predict(judgeSignature)).toState();
  await writeFile(file("baseline.json"), JSON.stringify(withModel(baseline, "sim/judge")));
});

afterAll(async () => {
  await cleanup();
});

describe("the judgeloop command chain", () => {
  it("runs prepare → generate → label → evaluate → optimize → evaluate --program → compare → inspect → export-dspy → import-dspy → evaluate with agreeing scores", async () => {
    const prepared = await json(["prepare", "--config", file("chain.config.json"), "--json"]);
    const generated = await json(["generate", "--dataset", prepared.datasets.judge, "--json"]);
    const labelled = await json(["label", "--dataset", generated.generated, "--gold-model", "sim/gold", "--json"]);
    const rows = join(home(), "datasets", labelled.labelled, "rows.jsonl");
    const evaluateArgs = ["evaluate", ...onLabelled(rows), "--metric", "exact:satisfied", "--json"];

    const baseline = await json([...evaluateArgs, "--signature", judgeSignature, "--model", "sim/judge"]);
    const optimized = await json([
      "optimize",
      "--trainset",
      rows,
      "--map",
      "transcript=output_transcript",
      "--signature",
      judgeSignature,
      "--model",
      "sim/judge",
      "--metric",
      "exact:satisfied",
      "--trials",
      "3",
      "--seed",
      "7",
      "--out",
      file("optimized.json"),
      "--json",
    ]);
    const onSavedBinding = await json([...evaluateArgs, "--program", file("optimized.json")]);
    const onNamedModel = await json([...evaluateArgs, "--program", file("optimized.json"), "--model", "sim/judge"]);
    const compared = await json([
      "compare",
      "--baseline",
      file("baseline.json"),
      "--candidate",
      file("optimized.json"),
      ...onLabelled(rows),
      "--metric",
      "exact:satisfied",
      "--json",
    ]);
    const inspected = await json(["inspect", file("optimized.json"), "--json"]);
    await json(["export-dspy", file("optimized.json"), "--out", file("optimized.dspy.json"), "--json"]);
    await json(["import-dspy", file("optimized.dspy.json"), "--out", file("reimported.json"), "--json"]);
    const reimported = await json([...evaluateArgs, "--program", file("reimported.json"), "--model", "sim/judge"]);

    expect(labelled.rows).toBe(40);
    expect(baseline).toMatchObject({ n: 40, errors: 0 });
    expect(optimized.bestScore).toBeGreaterThanOrEqual(optimized.baselineScore);
    expect(onSavedBinding).toMatchObject({ n: 40, errors: 0 });
    expect(onNamedModel.score).toBe(onSavedBinding.score);
    expect(compared.baseline.score).toBe(baseline.score);
    expect(compared.candidate.score).toBe(onSavedBinding.score);
    expect(compared.comparison.candidate.value).toBe(onSavedBinding.score);
    const saved = JSON.parse(await readFile(file("optimized.json"), "utf8"));
    const instructions = saved.predictors.predict.signature.instructions;
    expect(inspected.predictors[0].messages[0].content).toContain(instructions);
    expect(reimported).toMatchObject({ n: 40, errors: 0, score: onSavedBinding.score });
  });

  it("names the predictor and asks for --model when a saved program has no model binding", async () => {
    const saved = JSON.parse(await readFile(file("baseline.json"), "utf8"));
    delete saved.predictors.predict.lm;
    await writeFile(file("unbound.json"), JSON.stringify(saved));
    await writeFile(file("one.jsonl"), JSON.stringify({ transcript: "Customer: hi\nSupport: hello", satisfied: true }));

    const result = await judgeloop(
      ["evaluate", "--dataset", file("one.jsonl"), "--program", file("unbound.json"), "--metric", "exact:satisfied"],
      env,
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/predictor `predict` of .*unbound\.json is bound to no model: pass --model/);
  });
});

/** Runs a command that must succeed and parses its `--json` result. */
// biome-ignore lint/suspicious/noExplicitAny: the results are checked field by field above
async function json(args: string[]): Promise<any> {
  const result = await judgeloop(args, env);
  expect(result.code, `${args[0]}: ${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout);
}

function withModel<T extends { predictors: Record<string, { lm: string | null }> }>(state: T, model: string): T {
  const predictors = Object.fromEntries(
    Object.entries(state.predictors).map(([name, p]) => [name, { ...p, lm: model }]),
  );
  return { ...state, predictors };
}
