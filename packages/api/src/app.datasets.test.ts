import { loadDatasetVersion } from "@judgeloop/core";
import { describe, expect, it } from "vitest";
import { apiHarness, sampleConversations } from "./testing/api-harness.ts";

describe("createApp datasets", () => {
  it("stores uploaded rows as an immutable version that GET returns by id or prefix", async () => {
    // Prepare
    const api = apiHarness();
    const upload = { name: "airline-support", rows: sampleConversations() };

    // Act
    const created = await api.call("/v1/datasets", { method: "POST", body: upload });
    const view = (await created.json()) as { id: string };
    const byId = await (await api.call(`/v1/datasets/${view.id}`)).json();
    const byPrefix = await (await api.call(`/v1/datasets/${view.id.slice(0, 8)}`)).json();
    const stored = await loadDatasetVersion(api.artifacts, view.id);

    // Assess
    expect(created.status).toBe(201);
    expect(view).toMatchObject({ name: "airline-support", kind: "conversations", rows: 3, created: true });
    expect(view.id).toMatch(/^[0-9a-f]{64}$/);
    const { created: _, ...rest } = view as { id: string; created: boolean };
    expect(byId).toEqual(rest);
    expect(byPrefix).toEqual(rest);
    expect(stored.rows.map((row) => row.conversation_id)).toEqual(["c-1", "c-2", "c-3"]);
  });

  it("finds the stored version when the same upload comes again, writing nothing", async () => {
    const api = apiHarness();
    const upload = { name: "airline-support", rows: sampleConversations() };
    const first = (await (await api.call("/v1/datasets", { method: "POST", body: upload })).json()) as { id: string };
    const writesBefore = api.writes();

    const again = await api.call("/v1/datasets", { method: "POST", body: upload });

    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: first.id, created: false });
    expect(api.writes()).toBe(writesBefore);
  });

  it("reads JSON Lines text and renames fields with the map", async () => {
    const api = apiHarness();
    const jsonl = sampleConversations()
      .map(({ conversation, ...row }) => JSON.stringify({ ...row, transcript: conversation }))
      .join("\n");

    const response = await api.call("/v1/datasets", {
      method: "POST",
      body: { name: "renamed", jsonl, map: { conversation: "transcript" } },
    });
    const view = (await response.json()) as { id: string; rows: number };
    const stored = await loadDatasetVersion(api.artifacts, view.id);

    expect(response.status).toBe(201);
    expect(view.rows).toBe(3);
    expect(stored.rows[0]).toEqual({
      conversation_id: "c-1",
      company: "Delta",
      conversation: sampleConversations()[0]?.conversation,
    });
  });

  it("takes free-form examples when the kind says so", async () => {
    const api = apiHarness();

    const response = await api.call("/v1/datasets", {
      method: "POST",
      body: {
        name: "qa",
        kind: "examples",
        rows: [
          { question: "2+2?", answer: "4" },
          { question: "3+3?", answer: "6" },
        ],
      },
    });

    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ kind: "examples", rows: 2 });
  });

  it("takes seed questions for data.synthesize and refuses a seed without a question, storing nothing", async () => {
    // Prepare
    const api = apiHarness();
    const good = [{ question: "Where is my bag?", company: "Delta" }, { question: "Can I change my seat?" }];
    const bad = [{ question: "Where is my bag?" }, { question: "  ", company: "Delta" }];

    // Act
    const stored = await api.call("/v1/datasets", {
      method: "POST",
      body: { name: "seeds", kind: "seeds", rows: good },
    });
    const writesBefore = api.writes();
    const refused = await api.call("/v1/datasets", {
      method: "POST",
      body: { name: "seeds", kind: "seeds", rows: bad },
    });

    // Assess
    expect(stored.status).toBe(201);
    expect(await stored.json()).toMatchObject({ kind: "seeds", rows: 2 });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: { code: string; field: string; message: string } };
    expect(body.error).toMatchObject({ code: "bad_dataset", field: "rows[1].question" });
    expect(body.error.message).toContain("is empty");
    expect(api.writes()).toBe(writesBefore);
  });

  it("answers 404 for an unknown dataset and 400 for a malformed id", async () => {
    const api = apiHarness();

    const unknown = await api.call(`/v1/datasets/${"a".repeat(64)}`);
    const malformed = await api.call("/v1/datasets/not-hex");

    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "dataset_not_found" } });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: "invalid_request", field: "id" } });
  });
});
