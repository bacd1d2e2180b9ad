import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ApiServer, createApp, runIdForKey, startApiServer } from "@judgeloop/api";
import {
  type DatasetManifest,
  judgeloopConfigSchema,
  loadDatasetVersion,
  loadLanguageDetector,
  prepareConversations,
} from "@judgeloop/core";
import {
  databasePathIn,
  FileArtifactStore,
  LocalRunService,
  openSqliteStores,
  type SqliteStores,
} from "@judgeloop/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const token = "synthesize-api-token-0123456789";
const seedsFile = new URL("../../examples/airline-support/seeds.csv", import.meta.url);

let home: string;
let stores: SqliteStores;
let runs: LocalRunService;
let server: ApiServer;
let seedsCsv: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "judgeloop-synthesize-api-"));
  stores = openSqliteStores(databasePathIn(home));
  runs = new LocalRunService({ home, env: { keys: {} } });
  const app = createApp({ runStore: stores.runs, artifacts: new FileArtifactStore(home), runs, token });
  server = await startApiServer(app, { port: 0 });
  seedsCsv = await readFile(seedsFile, "utf8");
});

afterAll(async () => {
  await server?.close();
  stores?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

/** The fields of the API's answers these tests read. */
interface Answer {
  run: { id: string; status: string };
  seeds: { id: string; rows: number };
  error: { code: string; field?: string; message: string; estimate?: unknown };
  status: string;
  stages: Record<string, { status: string; message?: string }>;
  spend: { calls: number };
  result: { endedAfter: string; synthesized: { id: string; size: number } };
  lineage: DatasetManifest["lineage"];
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer };
}

async function get(path: string) {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Answer };
}

const storedFiles = async () => (await new FileArtifactStore(home).list("")).length;

describe("POST /v1/synthesize (local server over HTTP, simulated writer)", () => {
  it("writes n conversations from CSV seeds as a run that ends with the synthesized dataset and its lineage", async () => {
    // Act
    const request = { name: "airline-seeds", seeds: { csv: seedsCsv }, n: 30, model: "sim/strong", seed: 2 };
    const started = await post("/v1/synthesize", { ...request, budget: { capUsd: 1 } }, { "Idempotency-Key": "s-1" });
    await runs.idle();
    const again = await post("/v1/synthesize", { ...request, budget: { capUsd: 1 } }, { "Idempotency-Key": "s-1" });
    const run = await get(`/v1/runs/${started.body.run?.id}`);

    // Assess
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.seeds).toMatchObject({ rows: 50 });
    expect(again.status).toBe(200);
    expect(again.body.run.id).toBe(started.body.run.id);
    expect(run.body).toMatchObject({ status: "succeeded", result: { endedAfter: "prepare" } });
    // The stages after prepare are skipped: the run made only the synthesis calls.
    const { stages } = run.body;
    expect(stages.prepare?.status).toBe("succeeded");
    expect(stages.generate).toMatchObject({ status: "skipped", message: "the run ends after prepare" });
    expect(stages.report?.status).toBe("skipped");
    expect(run.body.spend.calls).toBeGreaterThanOrEqual(30);
    expect(run.body.spend.calls).toBeLessThanOrEqual(90);
    const { synthesized } = run.body.result;
    expect(synthesized.size).toBe(30);
    const dataset = await get(`/v1/datasets/${synthesized.id}`);
    expect(dataset.body.lineage).toMatchObject({
      transform: "synthesize",
      seed: 2,
      params: { model: "sim/strong", n: 30, seeds: { file: `dataset:${started.body.seeds.id}`, count: 50 } },
    });
    // What was written is what `prepare` reads, labelled simulated.
    const version = await loadDatasetVersion(new FileArtifactStore(home), synthesized.id);
    expect(
      version.rows.every((row) => row.simulated === true && String(row.conversation).startsWith("Customer: ")),
    ).toBe(true);
    const { prepare } = judgeloopConfigSchema.parse({ data: { input: "synthesized.jsonl" } });
    const prepared = prepareConversations(version.rows, prepare, {
      detector: await loadLanguageDetector(),
      source: { format: "jsonl", map: {} },
    });
    expect(prepared.datasets.imported.rows).toHaveLength(30);
  }, 120_000);

  it("refuses seeds without a question with 400 naming the row and field, storing nothing", async () => {
    // Prepare
    const before = await storedFiles();
    const seeds = { rows: [{ question: "Where is my bag?", company: "Delta" }, { company: "Delta" }] };

    // Act
    const refused = await post("/v1/synthesize", { seeds, n: 5, budget: { capUsd: 1 } }, { "Idempotency-Key": "s-2" });

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: "bad_seeds", field: "seeds.rows[1].question" });
    expect(refused.body.error.message).toContain("is missing");
    expect(await storedFiles()).toBe(before);
  });

  it("names the CSV line of a bad seed and the field of a bad setting", async () => {
    const csv = 'question,company\nWhere is my bag?,Delta\n"unclosed,Delta\n';

    const badLine = await post(
      "/v1/synthesize",
      { seeds: { csv }, n: 5, budget: { capUsd: 1 } },
      { "Idempotency-Key": "s-3" },
    );
    const badN = await post(
      "/v1/synthesize",
      { seeds: { csv: seedsCsv }, n: 0, budget: { capUsd: 1 } },
      { "Idempotency-Key": "s-4" },
    );
    const noCompany = await post(
      "/v1/synthesize",
      { seeds: { rows: [{ question: "Where is my bag?" }] }, n: 5, budget: { capUsd: 1 } },
      { "Idempotency-Key": "s-5" },
    );

    expect(badLine.status).toBe(400);
    expect(badLine.body.error).toMatchObject({ code: "bad_seeds", field: "seeds.csv" });
    expect(badLine.body.error.message).toMatch(/seeds\.csv line 3/);
    expect(badN.status).toBe(400);
    expect(badN.body.error).toMatchObject({ code: "invalid_request", field: "n" });
    expect(noCompany.status).toBe(400);
    expect(noCompany.body.error).toMatchObject({ code: "bad_seeds", field: "company" });
  });

  it("refuses a synthesis whose upper bound exceeds its call cap, starting no run", async () => {
    // 20 conversations × 3 attempts is an upper bound of 60 calls.
    const over = await post(
      "/v1/synthesize",
      { seeds: { csv: seedsCsv }, n: 20, budget: { capUsd: 1, maxCalls: 40 } },
      { "Idempotency-Key": "s-6" },
    );

    expect(over.status).toBe(400);
    expect(over.body.error).toMatchObject({ code: "estimate_exceeds_cap", field: "budget.maxCalls" });
    expect(over.body.error.estimate).toMatchObject({ calls: 60, stages: [{ stage: "prepare", calls: 60 }] });
    expect(await stores.runs.getRun(runIdForKey("s-6"))).toBeNull();
  });

  it("answers 401 without the token", async () => {
    const response = await fetch(`${server.url}/v1/synthesize`, {
      method: "POST",
      headers: { "content-type": "application/json", "Idempotency-Key": "s-7" },
      body: "{}",
    });

    expect(response.status).toBe(401);
  });
});
