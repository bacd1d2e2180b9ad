import { describe, expect, it } from "vitest";
import { type ApiHarness, apiHarness, sampleConversations, testToken, waitForRunEnd } from "./testing/api-harness.ts";
import type { SimRunService } from "./testing/sim-run-service.ts";

async function uploadConversations(api: ApiHarness): Promise<string> {
  const response = await api.call("/v1/datasets", {
    method: "POST",
    body: { name: "airline-support", rows: sampleConversations() },
  });
  return ((await response.json()) as { id: string }).id;
}

function runBody(dataset: string, capUsd = 1) {
  return {
    config: { name: "airline-support", data: { dataset }, models: { generator: "sim/default", judge: "sim/strong" } },
    budget: { capUsd },
  };
}

async function postRun(api: ApiHarness, key: string, body: unknown): Promise<Response> {
  return api.call("/v1/runs", { method: "POST", body, headers: { "idempotency-key": key } });
}

describe("createApp runs", () => {
  it("runs a pipeline started over HTTP to the end and serves its trials, report and program version", async () => {
    // Prepare
    const api = apiHarness();
    const dataset = await uploadConversations(api);

    // Act
    const started = await postRun(api, "first-run", runBody(dataset));
    const runId = ((await started.json()) as { id: string }).id;
    const ended = await waitForRunEnd(api, runId);
    const trials = await (await api.call(`/v1/runs/${runId}/trials`)).json();
    const report = await api.call(`/v1/runs/${runId}/report`);
    const versions = await (await api.call("/v1/programs/airline-support/versions")).json();

    // Assess
    expect(started.status).toBe(201);
    expect(started.headers.get("location")).toBe(`/v1/runs/${runId}`);
    expect(ended).toMatchObject({ status: "succeeded", result: { n: 3, errors: 0, simulated: true } });
    expect(ended).toMatchObject({ spend: { capUsd: 1, calls: 6 } });
    expect(trials).toMatchObject({ runId, trials: [{ stage: "evaluate", index: 0, score: expect.any(Number) }] });
    expect(report.status).toBe(200);
    expect(report.headers.get("content-type")).toMatch(/^text\/html/);
    expect(report.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    expect(await report.text()).toContain(`judgeloop run ${runId} (simulated)`);
    expect(versions).toMatchObject({ name: "airline-support", champion: null, versions: [{ version: runId }] });
  });

  it("returns the same run for the same Idempotency-Key and body, and starts it once", async () => {
    const api = apiHarness();
    const dataset = await uploadConversations(api);

    const first = await postRun(api, "retry-me", runBody(dataset));
    const second = await postRun(api, "retry-me", runBody(dataset));
    const firstRun = (await first.json()) as { id: string };
    const secondRun = (await second.json()) as { id: string };
    await api.runs.idle();

    expect([first.status, second.status]).toEqual([201, 200]);
    expect(secondRun.id).toBe(firstRun.id);
    expect(await api.runStore.listRuns()).toHaveLength(1);
  });

  it("starts one run when the same request arrives many times at once", async () => {
    const api = apiHarness();
    const dataset = await uploadConversations(api);

    const responses = await Promise.all(Array.from({ length: 8 }, () => postRun(api, "burst", runBody(dataset))));
    const ids = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as { id: string }).id)));
    await api.runs.idle();

    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(ids.size).toBe(1);
    expect(await api.runStore.listRuns()).toHaveLength(1);
  });

  it("answers 409 when an Idempotency-Key comes back with a different body, and starts nothing", async () => {
    const api = apiHarness();
    const dataset = await uploadConversations(api);
    await postRun(api, "reused", runBody(dataset, 1));
    await api.runs.idle();
    const writesBefore = api.writes();

    const response = await postRun(api, "reused", runBody(dataset, 2));

    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: "idempotency_conflict", field: "Idempotency-Key" } });
    expect(api.writes()).toBe(writesBefore);
    expect(await api.runStore.listRuns()).toHaveLength(1);
  });

  it("refuses with 400 a run whose estimate exceeds its cap, naming the estimate per stage and the cap, storing nothing", async () => {
    const api = apiHarness();
    const dataset = await uploadConversations(api);
    const writesBefore = api.writes();

    const response = await postRun(api, "too-dear", runBody(dataset, 0.0001));

    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { estimate: { costUsd: number; stages: { stage: string }[] } } };
    expect(body).toMatchObject({
      error: {
        code: "estimate_exceeds_cap",
        field: "budget.capUsd",
        message: expect.stringMatching(/\(\d+ calls: generate \$[\d.]+, judge \$[\d.]+\), above its cap of \$0.0001/),
        capUsd: 0.0001,
        estimate: { calls: expect.any(Number), costUsd: expect.any(Number) },
      },
    });
    expect(body.error.estimate.costUsd).toBeGreaterThan(0.0001);
    expect(body.error.estimate.stages.map((s) => s.stage)).toEqual(["generate", "judge"]);
    expect(api.writes()).toBe(writesBefore);
  });

  it("refuses a cap above the server's ceiling, a missing dataset, and runs past the active-run bound", async () => {
    const api = apiHarness({ limits: { maxRunCapUsd: 5, maxActiveRuns: 1 }, latencyMs: 200 });
    const dataset = await uploadConversations(api);

    const tooHigh = await postRun(api, "a", runBody(dataset, 6));
    const missing = await postRun(api, "b", runBody("0".repeat(64)));
    const first = await postRun(api, "c", runBody(dataset));
    const second = await postRun(api, "d", runBody(dataset));
    await api.call(`/v1/runs/${((await first.json()) as { id: string }).id}/cancel`, { method: "POST" });
    await api.runs.idle();

    expect(await tooHigh.json()).toMatchObject({ error: { code: "cap_above_limit", field: "budget.capUsd" } });
    expect(await missing.json()).toMatchObject({ error: { code: "dataset_not_found", field: "config.data.dataset" } });
    expect([tooHigh.status, missing.status, first.status, second.status]).toEqual([422, 422, 201, 429]);
    expect(await api.runStore.listRuns()).toHaveLength(1);
  });

  it("asks the admission, not the run history, whether a new run may start, and only once the run passed every other check", async () => {
    const asked: string[] = [];
    const admission = {
      async admit(runId: string, maxActive: number) {
        asked.push(runId);
        return { admitted: asked.length === 1, active: asked.length === 1 ? 1 : maxActive };
      },
    };
    const api = apiHarness({ limits: { maxActiveRuns: 3 }, admission });
    const dataset = await uploadConversations(api);
    const listRuns = api.runStore.listRuns.bind(api.runStore);
    let listings = 0;
    api.runStore.listRuns = (options) => {
      listings++;
      return listRuns(options);
    };

    const overCap = await postRun(api, "over", runBody(dataset, 0.000001));
    const admitted = await postRun(api, "first", runBody(dataset));
    const refused = await postRun(api, "second", runBody(dataset));
    await api.runs.idle();

    expect([overCap.status, admitted.status, refused.status]).toEqual([400, 201, 429]);
    expect(await refused.json()).toMatchObject({
      error: { code: "too_many_active_runs", message: /3 runs are active/ },
    });
    expect(asked).toHaveLength(2);
    expect(listings).toBe(0);
  });

  it("cancels a running run, which then ends as cancelled; a finished run cannot be cancelled", async () => {
    const api = apiHarness({ latencyMs: 200 });
    const dataset = await uploadConversations(api);
    const slow = (await (await postRun(api, "slow", runBody(dataset))).json()) as { id: string };

    const notReady = await api.call(`/v1/runs/${slow.id}/report`);
    const cancel = await api.call(`/v1/runs/${slow.id}/cancel`, { method: "POST" });
    const ended = await waitForRunEnd(api, slow.id);
    const again = await api.call(`/v1/runs/${slow.id}/cancel`, { method: "POST" });
    const fast = (await (await postRun(api, "fast", runBody(dataset))).json()) as { id: string };
    await waitForRunEnd(api, fast.id);
    const cancelFinished = await api.call(`/v1/runs/${fast.id}/cancel`, { method: "POST" });

    expect(notReady.status).toBe(409);
    expect(await notReady.json()).toMatchObject({ error: { code: "report_not_ready" } });
    expect(cancel.status).toBe(202);
    expect(ended.status).toBe("cancelled");
    expect(again.status).toBe(200);
    expect(cancelFinished.status).toBe(409);
    expect(await cancelFinished.json()).toMatchObject({ error: { code: "run_finished" } });
  });

  it("answers 404 for unknown runs on every run route", async () => {
    const api = apiHarness();

    const responses = await Promise.all([
      api.call("/v1/runs/run-unknown"),
      api.call("/v1/runs/run-unknown/trials"),
      api.call("/v1/runs/run-unknown/report"),
      api.call("/v1/runs/run-unknown/cancel", { method: "POST" }),
    ]);

    expect(responses.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    expect(await responses[0]?.json()).toEqual({ error: { code: "run_not_found", message: "no run run-unknown" } });
  });

  it("promotes a version to champion, and answers 404 for an unknown program or version", async () => {
    const api = apiHarness();
    const dataset = await uploadConversations(api);
    const run = (await (await postRun(api, "to-promote", runBody(dataset))).json()) as { id: string };
    await waitForRunEnd(api, run.id);

    const promoted = await api.call("/v1/programs/airline-support/promote", {
      method: "POST",
      body: { version: run.id },
    });
    const versions = await (await api.call("/v1/programs/airline-support/versions")).json();
    const unknownVersion = await api.call("/v1/programs/airline-support/promote", {
      method: "POST",
      body: { version: "run-nope" },
    });
    const unknownProgram = await api.call("/v1/programs/nope/versions");

    expect(await promoted.json()).toEqual({ name: "airline-support", champion: run.id, previous: null });
    expect(versions).toMatchObject({ champion: run.id, versions: [{ version: run.id, champion: true }] });
    expect(unknownVersion.status).toBe(404);
    expect(await unknownVersion.json()).toMatchObject({ error: { code: "program_version_not_found" } });
    expect(unknownProgram.status).toBe(404);
  });

  it("hides an internal failure behind a bare 500 and logs neither its message nor the token", async () => {
    const secret = "sk-live-should-never-leak";
    const api = apiHarness({
      runs: (sim) =>
        Object.assign(Object.create(sim) as SimRunService, {
          start: async () => {
            throw new Error(`provider rejected key ${secret}`);
          },
        }),
    });
    const dataset = await uploadConversations(api);

    const response = await postRun(api, "fails", runBody(dataset));
    const text = await response.text();

    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({
      error: { code: "internal", message: "the server failed to handle the request" },
    });
    expect(text).not.toContain(secret);
    const logged = JSON.stringify(api.logs);
    expect(logged).not.toContain(secret);
    expect(logged).not.toContain(testToken);
    expect(api.logs.at(-1)).toMatchObject({ method: "POST", path: "/v1/runs", status: 500, code: "internal:Error" });
  });
});
