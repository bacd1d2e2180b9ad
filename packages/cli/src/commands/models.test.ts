import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeloopInProcess as judgeloop } from "../testing/in-process.ts";

// `models check` with no provider keys: it lists nothing, and prices the config's models.
const keyVariables = ["OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "GEMINI_API_KEY"];
const savedEnv: Record<string, string | undefined> = {};

let dir: string;
let configFile: string;
let pricesFile: string;

beforeAll(async () => {
  for (const name of keyVariables) {
    savedEnv[name] = process.env[name];
    delete process.env[name];
  }
  dir = await mkdtemp(join(tmpdir(), "judgeloop-models-"));
  configFile = join(dir, "judgeloop.config.json");
  await writeFile(
    configFile,
    JSON.stringify({
      data: { input: "conversations.jsonl" },
      models: { generator: "openai/gpt-4o-2024-08-06", judge: "acme/judge-7b", proposer: "acme/mystery" },
      prices: { "acme/judge-7b": { input: 0.2, output: 0.4 } },
    }),
  );
  pricesFile = join(dir, "prices.json");
  await writeFile(pricesFile, JSON.stringify({ "openai/gpt-4o": { output: 11 } }));
});

afterAll(async () => {
  for (const name of keyVariables) if (savedEnv[name] !== undefined) process.env[name] = savedEnv[name];
  await rm(dir, { recursive: true, force: true });
});

describe("judgeloop models check", () => {
  it("prices each of the config's models by its table row, the --prices file winning", async () => {
    const { code, stdout } = await judgeloop(
      "models",
      "check",
      "--config",
      configFile,
      "--prices",
      pricesFile,
      "--json",
    );

    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.simulatorOnly).toBe(true);
    expect(result.providers.every((p: { configured: boolean }) => !p.configured)).toBe(true);
    expect(result.prices).toMatchObject({ checkedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), pricesFile });
    expect(result.prices.models).toEqual([
      {
        model: "openai/gpt-4o-2024-08-06",
        source: "config",
        roles: ["generator"],
        priced: true,
        row: "openai/gpt-4o",
        input: 2.5,
        output: 11,
        cachedInput: 1.25,
      },
      {
        model: "acme/judge-7b",
        source: "config",
        roles: ["judge", "gold"],
        priced: true,
        row: "acme/judge-7b",
        input: 0.2,
        output: 0.4,
        cachedInput: 0.2,
      },
      { model: "acme/mystery", source: "config", roles: ["proposer"], priced: false },
    ]);
  });

  it("says in words which model has no price", async () => {
    const { code, stdout } = await judgeloop("models", "check", "--config", configFile);

    expect(code).toBe(0);
    expect(stdout).toMatch(/proposer: acme\/mystery: NO PRICE/);
    expect(stdout).toMatch(/generator: openai\/gpt-4o-2024-08-06: \$2\.5 in .* via openai\/gpt-4o/);
  });

  it("fails on a bad prices file, naming the file and the key", async () => {
    const bad = join(dir, "bad-prices.json");
    await writeFile(bad, JSON.stringify({ "openai/gpt-4o": { inptu: 1 } }));

    const { code, stderr } = await judgeloop("models", "check", "--config", configFile, "--prices", bad, "--json");

    expect(code).not.toBe(0);
    expect(stderr).toContain(`bad prices file ${bad}: openai/gpt-4o.inptu: unknown key`);
  });
});

describe("judgeloop evaluate --prices", () => {
  it("charges the calls at the file's prices", async () => {
    const dataset = join(dir, "qa.jsonl");
    await writeFile(dataset, `${JSON.stringify({ question: "Is the sky blue?", answer: "yes" })}\n`);
    const args = ["evaluate", "--dataset", dataset, "--signature", "question -> answer", "--model", "sim/weak"];
    const common = [...args, "--metric", "exact:answer", "--json"];
    const dearer = join(dir, "dear-prices.json");
    await writeFile(dearer, JSON.stringify({ "sim/weak": { input: 150, output: 600, cachedInput: 15 } }));

    const listed = await judgeloop(...common, "--out", join(dir, "home-listed"));
    const overridden = await judgeloop(...common, "--out", join(dir, "home-dear"), "--prices", dearer);

    const list = JSON.parse(listed.stdout).usage;
    const dear = JSON.parse(overridden.stdout).usage;
    expect(dear.calls).toBe(list.calls);
    expect(dear.costUsd / list.costUsd).toBeCloseTo(1000, 0);
  });
});
