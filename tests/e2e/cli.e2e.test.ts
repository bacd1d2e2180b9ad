import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { baselineJudge } from "@judgeloop/core";
import { type SimServer, startSimServer } from "@judgeloop/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../packages/cli/src/main.ts";
import { conversationsFile, judgeloop, offlineEnv, scratch, writeSmallConfig } from "./support/cli.ts";

let dir: string;
let cleanup: () => Promise<void>;
let env: NodeJS.ProcessEnv;
let server: SimServer;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  ({ dir, cleanup } = await scratch("cli"));
  env = offlineEnv({ JUDGELOOP_HOME: file("home") });
  server = await startSimServer({ port: 0 });
  const allRows = (await readFile(conversationsFile, "utf8"))
    .split("\n")
    .filter((line) => line.trim() !== "")
    .slice(0, 100)
    .map((line) => JSON.parse(line) as { conversation_id: string; company: string; conversation: string });
  const rows = allRows.slice(0, 24);
  const conversation = (row: (typeof rows)[number]) =>
    `Company: ${row.company}\nTranscript so far: ${row.conversation}`;
  const firstTurn = (row: (typeof rows)[number]) => conversation(row).split("\nSupport:")[0];
  await jsonl(
    "judged.jsonl",
    rows.map((row, i) => ({ id: row.conversation_id, transcript: conversation(row), satisfied: i % 3 === 0 })),
  );
  await jsonl(
    "judged-100.jsonl",
    allRows.map((row, i) => ({ id: row.conversation_id, transcript: conversation(row), satisfied: i % 3 === 0 })),
  );
  await jsonl(
    "dev.jsonl",
    rows.map((row) => ({ id: row.conversation_id, text: firstTurn(row) })),
  );
  const judge = baselineJudge().toState();
  const alignment = { validation: { n: 200, kappa: { value: 0.8, interval: { lower: 0.7, upper: 0.9 } } } };
  await writeFile(
    file("judge.json"),
    JSON.stringify({
      ...judge,
      predictors: { judge: { ...judge.predictors.judge, lm: "sim/judge" } },
      metadata: { role: "judge", alignment },
    }),
  );
  await writeFile(file("unaligned-judge.json"), JSON.stringify(judge));
});

afterAll(async () => {
  await server.close();
  await cleanup();
});

async function jsonl(name: string, rows: object[]): Promise<void> {
  await writeFile(file(name), rows.map((row) => JSON.stringify(row)).join("\n"));
}

const generatorArgs = [
  "--signature",
  "company_and_transcript -> reply",
  "--instructions",
  "Write the next Support message.",
  "--map",
  "company_and_transcript=text",
];

describe("judgeloop evaluate", () => {
  it("prints {score, n, errors, usage, results} with an exact-match metric", async () => {
    const result = await judgeloop(
      [
        "evaluate",
        "--dataset",
        file("judged.jsonl"),
        "--signature",
        "transcript -> satisfied: boolean",
        "--model",
        "sim/judge",
        "--metric",
        "exact:satisfied",
        "--json",
      ],
      env,
    );

    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ n: 24, errors: 0, usage: { calls: 24 } });
    expect(output.score).toBeGreaterThanOrEqual(0);
    expect(output.score).toBeLessThanOrEqual(1);
    expect(Object.keys(output.usage).sort()).toEqual(["calls", "costUsd", "inputTokens", "outputTokens"]);
    expect(output.results).toHaveLength(24);
    expect(output.results[0]).toMatchObject({
      id: expect.any(String),
      status: "scored",
      outputs: { satisfied: expect.any(Boolean) },
    });
  });

  it("scores replies with a saved judge program as the metric", async () => {
    const result = await judgeloop(
      [
        "evaluate",
        "--dataset",
        file("dev.jsonl"),
        ...generatorArgs,
        "--model",
        "sim/generator",
        "--metric",
        `judge:${file("judge.json")}`,
        "--json",
      ],
      env,
    );

    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.n).toBe(24);
    expect(output.usage.calls).toBe(48);
  });

  it("names the variable to set when a real model has no key", async () => {
    const result = await judgeloop(
      [
        "evaluate",
        "--dataset",
        file("judged.jsonl"),
        "--signature",
        "transcript -> satisfied: boolean",
        "--model",
        "openai/gpt-4o-mini",
        "--metric",
        "exact:satisfied",
      ],
      env,
    );

    expect(result.code).not.toBe(0);
    expect(lastLine(result.stderr)).toMatch(
      /^judgeloop: --model openai\/gpt-4o-mini needs an API key: set OPENAI_API_KEY/,
    );
  });
});

describe("judgeloop optimize", () => {
  it("prints {program, baselineScore, bestScore, trials, usage} and writes the optimized program", async () => {
    const out = file("optimized.json");
    const result = await judgeloop(
      [
        "optimize",
        "--trainset",
        file("dev.jsonl"),
        ...generatorArgs,
        "--model",
        "sim/generator",
        "--metric",
        `judge:${file("judge.json")}`,
        "--trials",
        "3",
        "--seed",
        "7",
        "--out",
        out,
        "--json",
      ],
      env,
    );

    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ program: out, trials: expect.any(Number), usage: { calls: expect.any(Number) } });
    expect(output.bestScore).toBeGreaterThanOrEqual(output.baselineScore);
    expect(result.stderr).toMatch(/judge gate passed/);
    expect(result.stderr).toMatch(/trial \d+\/\d+, best/);
    const program = JSON.parse(await readFile(out, "utf8"));
    expect(program.format).toBe("judgeloop.program/1");
    expect(program.predictors.predict.lm).toBe("sim/generator");
  });

  const gepaArgs = (trainset: string, maxCalls: number, out: string, extra: string[] = []) => [
    "optimize",
    "--optimizer",
    "gepa",
    "--trainset",
    file(trainset),
    "--signature",
    "transcript -> satisfied: boolean",
    "--model",
    "sim/weak",
    "--proposer-model",
    "sim/strong",
    "--metric",
    "exact:satisfied",
    "--max-calls",
    String(maxCalls),
    "--seed",
    "3",
    "--out",
    out,
    "--json",
    ...extra,
  ];

  it("runs GEPA with --optimizer gepa within --max-calls, selecting on every example by default", async () => {
    const out = file("gepa-judge.json");
    const result = await judgeloop(gepaArgs("judged.jsonl", 60, out), env);

    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ program: out, optimizer: "gepa" });
    expect(output.confirm).toBeUndefined();
    expect(output.usage.calls).toBeLessThanOrEqual(60);
    expect(output.bestScore).toBeGreaterThanOrEqual(output.baselineScore);
    expect(result.stderr).toMatch(/metric calls, \d+ candidates, best/);
    const program = JSON.parse(await readFile(out, "utf8"));
    expect(program.predictors.predict.lm).toBe("sim/weak");
  });

  it("re-measures GEPA's pick on a split it did not select on with --confirm-fraction", async () => {
    const out = file("gepa-confirmed-judge.json");
    const result = await judgeloop(gepaArgs("judged-100.jsonl", 200, out, ["--confirm-fraction", "0.2"]), env);

    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.confirm).toMatchObject({ n: 20, baselineScore: expect.any(Number), bestScore: expect.any(Number) });
    expect(output.usage.calls).toBeLessThanOrEqual(200);
  });

  it("refuses a --confirm-fraction outside 0 to 0.5, naming the flag, and writes nothing", async () => {
    const out = file("gepa-refused.json");
    const result = await judgeloop(gepaArgs("judged.jsonl", 60, out, ["--confirm-fraction", "0.7"]), env);

    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--confirm-fraction/);
    expect(result.stderr).toMatch(/0 to 0\.5/);
    expect(existsSync(out)).toBe(false);
  });

  it("stops cleanly at a small dollar cap and still writes the best program so far", async () => {
    const out = file("capped.json");
    const result = await judgeloop(
      [
        "optimize",
        "--trainset",
        file("dev.jsonl"),
        ...generatorArgs,
        "--model",
        "sim/generator",
        "--metric",
        `judge:${file("judge.json")}`,
        "--budget-usd",
        "0.02",
        "--out",
        out,
        "--json",
        "--home",
        file("capped-home"),
      ],
      env,
    );

    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.stoppedReason).toBe("budget_exceeded");
    expect(output.usage.costUsd).toBeLessThanOrEqual(0.02);
    expect(existsSync(out)).toBe(true);
  });

  it("refuses a judge without a saved alignment report, saying why in one line", async () => {
    const result = await judgeloop(
      [
        "optimize",
        "--trainset",
        file("dev.jsonl"),
        ...generatorArgs,
        "--model",
        "sim/generator",
        "--metric",
        `judge:${file("unaligned-judge.json")}`,
        "--out",
        file("never.json"),
      ],
      env,
    );

    expect(result.code).not.toBe(0);
    expect(lastLine(result.stderr)).toMatch(/^judgeloop: the judge .* has no saved alignment report.*--force/);
    expect(existsSync(file("never.json"))).toBe(false);
  });
});

describe("judgeloop inspect, compare and models", () => {
  it("inspect renders a program's prompt for an example and diffs it against its role's baseline", async () => {
    const example = JSON.stringify({
      transcript: "Company: Delta\nTranscript so far: Customer: my bag is lost\nSupport: DM us.",
    });
    const result = await judgeloop(["inspect", file("judge.json"), "--example", example, "--json"], env);

    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.predictors[0].messages.at(-1).content).toContain("my bag is lost");
    expect(output.diff.changed).toBe(false);
  });

  it("compare prints pass rates, McNemar and flips for two programs on one dataset", async () => {
    await writeFile(
      file("baseline-generator.json"),
      JSON.stringify(JSON.parse(await readFile(file("optimized.json"), "utf8"))),
    );
    const result = await judgeloop(
      [
        "compare",
        "--baseline",
        file("baseline-generator.json"),
        "--candidate",
        file("optimized.json"),
        "--dataset",
        file("dev.jsonl"),
        "--map",
        "company_and_transcript=text",
        "--metric",
        `judge:${file("judge.json")}`,
        "--json",
      ],
      env,
    );

    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.comparison).toMatchObject({
      n: 24,
      mcnemar: { exactPValue: 1 },
      flips: { failToPass: [], passToFail: [] },
    });
    expect(output.baseline.n).toBe(24);
  });

  it("compare --gold-model labels both programs' replies with the gold judge and sets its verdicts beside the judge's", async () => {
    // Prepare: a candidate told to write long replies, against the same judge
    const program = JSON.parse(await readFile(file("optimized.json"), "utf8"));
    for (const predictor of Object.values(program.predictors) as { signature: { instructions: string } }[]) {
      predictor.signature.instructions = "Write the next Support message. Be detailed and thorough; never be brief.";
    }
    await writeFile(file("long-generator.json"), JSON.stringify(program));
    const args = (metric: string) => [
      "compare",
      "--baseline",
      file("optimized.json"),
      "--candidate",
      file("long-generator.json"),
      "--dataset",
      file("dev.jsonl"),
      "--map",
      "company_and_transcript=text",
      "--metric",
      metric,
      "--gold-model",
      "sim/gold",
    ];

    // Act
    const result = await judgeloop([...args(`judge:${file("judge.json")}`), "--json"], env);
    const text = await judgeloop(args(`judge:${file("judge.json")}`), env);
    const refused = await judgeloop(args("exact:reply"), env);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const { comparison, gold } = JSON.parse(result.stdout);
    expect(gold.labeller).toEqual({ model: "sim/gold", smeLabels: 0, modelLabels: 48 });
    expect(gold.gold.n).toBe(24);
    // The judge's side of the check is the comparison's own verdicts on the same 24 examples.
    expect(gold.judge.baseline.value).toBe(comparison.baseline.value);
    expect(gold.judge.candidate.value).toBe(comparison.candidate.value);
    const { fp, fn } = gold.agreement.optimized.confusion;
    expect(gold.disagreements.total).toBe(fp + fn);
    expect(gold.disagreements.judgePassGoldFail).toBe(fp);
    expect(gold.verdict).toMatch(/^Optimized replies gained .* on the judge and .* on gold/);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`gold (sim/gold): ${gold.verdict}`);
    expect(refused.code).not.toBe(0);
    expect(lastLine(refused.stderr)).toMatch(/--gold-model: the gold check needs a judge metric/);
  });

  it("models check says what it would check without keys, and lists an OpenAI-compatible server's models", async () => {
    const offline = await judgeloop(["models", "check", "--json"], env);
    const online = await judgeloop(["models", "check", "--json"], { ...env, OPENAI_BASE_URL: server.baseURL });

    expect(offline.code, offline.stderr).toBe(0);
    expect(JSON.parse(offline.stdout).providers.map((p: { configured: boolean }) => p.configured)).toEqual([
      false,
      false,
      false,
    ]);
    expect(online.code, online.stderr).toBe(0);
    const openai = JSON.parse(online.stdout).providers.find((p: { provider: string }) => p.provider === "openai");
    expect(openai.models.length).toBeGreaterThan(0);
  });
});

describe("judgeloop pipeline config errors", () => {
  it("names the bad key and why on one line", async () => {
    const config = await writeSmallConfig(dir, { gate: { kappaLowerThreshold: 3 }, colour: "blue" });
    const result = await judgeloop(["pipeline", "--config", config], env);

    expect(result.code).not.toBe(0);
    expect(lastLine(result.stderr)).toMatch(
      /^judgeloop: bad config .*small\.config\.json: gate\.kappaLowerThreshold: .*; colour: unknown key/,
    );
  });

  it("names the variable to set when a configured real model has no key", async () => {
    const config = await writeSmallConfig(dir, {
      models: { generator: "gemini/gemini-2.5-flash", gold: "anthropic/claude-sonnet-4-5" },
    });
    const result = await judgeloop(["pipeline", "--config", config], { ...env, GEMINI_API_KEY: "test-key-not-used" });

    expect(result.code).not.toBe(0);
    expect(lastLine(result.stderr)).toMatch(
      /^judgeloop: models\.gold anthropic\/claude-sonnet-4-5 needs an API key: set ANTHROPIC_API_KEY/,
    );
  });

  it("answers --help for every command it adds", async () => {
    const commands = [
      ["pipeline"],
      ["runs"],
      ["resume"],
      ["report"],
      ["evaluate"],
      ["optimize"],
      ["compare"],
      ["inspect"],
      ["models", "check"],
    ];

    for (const command of commands) {
      const { code, stdout } = await inProcess([...command, "--help"]);

      expect(code, command.join(" ")).toBe(0);
      expect(stdout).toMatch(new RegExp(`^Usage: judgeloop ${command.join(" ")} `));
    }
  });
});

/** Runs the CLI's `main` in this process, capturing what it writes to stdout. */
async function inProcess(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    return { code: await main(args), stdout };
  } finally {
    process.stdout.write = write;
  }
}

/** The one-line reason a failed command gives (Node's own warnings may print around it). */
function lastLine(text: string): string {
  const reasons = text.split("\n").filter((line) => line.startsWith("judgeloop: "));
  expect(reasons).toHaveLength(1);
  return reasons[0] ?? "";
}
