import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "@judgeloop/api";
import {
  createDatasetVersion,
  InMemoryArtifactStore,
  InMemoryRunStore,
  loadSmeLabels,
  saveDatasetVersion,
} from "@judgeloop/core";
import { openSqliteStores, type SqliteStores } from "@judgeloop/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimRunService } from "../../packages/api/src/testing/sim-run-service.ts";

const token = "labels-test-token-0123456789";
const lineage = { parent: null, transform: "import", params: {}, seed: null, counts: {} };
const transcript = (n: number) =>
  `Company: Delta\nTranscript so far: Customer: bag ${n} lost\nSupport: Sorry! DM us your tag ${n}.`;

describe("/v1/labels", () => {
  let dir: string;
  let stores: SqliteStores;
  let app: ReturnType<typeof createApp>;
  let datasetId: string;
  let otherIds: string[];
  let setId: string;
  const call = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await app.request(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const type = response.headers.get("content-type") ?? "";
    return { status: response.status, body: type.includes("json") ? await response.json() : await response.text() };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "judgeloop-labels-api-"));
    stores = openSqliteStores(join(dir, "judgeloop.db"));
    const artifacts = new InMemoryArtifactStore();
    const rows = [1, 2, 3, 4].map((n) => ({ conversation_id: `c${n}`, transcript: transcript(n) }));
    const version = createDatasetVersion(rows, lineage, "2026-12-06T00:00:00.000Z");
    await saveDatasetVersion(artifacts, version);
    datasetId = version.id;
    otherIds = ["x1", "x2"];
    const runStore = new InMemoryRunStore();
    const runs = new SimRunService({ runStore, artifacts });
    app = createApp({ runStore, artifacts, runs, labels: stores.labels, token });
    const created = await call("POST", "/v1/labels", { dataset: datasetId.slice(0, 10) });
    expect(created.status).toBe(201);
    setId = created.body.id;
  });

  afterAll(async () => {
    stores?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("stores a label and splits off the reply to judge", async () => {
    const put = await call("PUT", `/v1/labels/${setId}/items/c1`, {
      annotator: "ana",
      satisfied: false,
      critique: "No apology, no next step.",
    });
    const detail = await call("GET", `/v1/labels/${setId}`);

    expect(put.status).toBe(200);
    expect(detail.body.items[0]).toMatchObject({ conversation_id: "c1", reply: "Support: Sorry! DM us your tag 1." });
    expect(detail.body.labels).toMatchObject([{ conversation_id: "c1", annotator: "ana", satisfied: false }]);
  });

  it("answers 400 naming the field for an unsatisfied label without a critique, and stores nothing", async () => {
    const put = await call("PUT", `/v1/labels/${setId}/items/c2`, { annotator: "ana", satisfied: false });

    expect(put.status).toBe(400);
    expect(put.body.error.field).toBe("critique");
    expect((await stores.labels.listLabels(setId)).map((l) => l.conversation_id)).toEqual(["c1"]);
  });

  it("answers 404 for an unknown conversation and an unknown label set", async () => {
    const item = await call("PUT", `/v1/labels/${setId}/items/nope`, { annotator: "ana", satisfied: true });
    const set = await call("GET", "/v1/labels/ls-000000000000");

    expect(item.status).toBe(404);
    expect(item.body.error.code).toBe("conversation_not_found");
    expect(set.status).toBe(404);
  });

  it("refuses a label file of another dataset and stores nothing", async () => {
    const text = otherIds
      .map((id) => JSON.stringify({ conversation_id: id, satisfied: true, critique: "" }))
      .join("\n");
    const imported = await call("POST", `/v1/labels/${setId}/import`, { annotator: "ben", format: "jsonl", text });

    expect(imported.status).toBe(400);
    expect(imported.body.error.message).toContain("belongs to another dataset");
    expect((await stores.labels.listLabels(setId)).some((l) => l.annotator === "ben")).toBe(false);
  });

  it("exports labels that the --sme import reads back unchanged", async () => {
    await call("PUT", `/v1/labels/${setId}/items/c3`, {
      annotator: "ana",
      satisfied: true,
      critique: 'Kind, "quick", clear.',
    });
    const exported = await call("GET", `/v1/labels/${setId}/export?format=csv&annotator=ana`);
    const read = loadSmeLabels({ format: "csv", file: "labels.csv", text: exported.body }, ["c1", "c2", "c3", "c4"]);

    expect(exported.status).toBe(200);
    expect(read).toEqual([
      { conversation_id: "c1", satisfied: false, critique: "No apology, no next step." },
      { conversation_id: "c3", satisfied: true, critique: 'Kind, "quick", clear.' },
    ]);
  });

  it("reports kappa between two annotators on their shared items", async () => {
    const text = "conversation_id,satisfied,critique\nc1,false,late\nc3,true,\n";
    const imported = await call("POST", `/v1/labels/${setId}/import`, { annotator: "ben", format: "csv", text });
    const agreement = await call("GET", `/v1/labels/${setId}/agreement`);

    expect(imported.status).toBe(201);
    expect(agreement.body.pairs).toMatchObject([{ annotators: ["ana", "ben"], shared: 2, agreed: 2, kappa: 1 }]);
  });

  it("forks a corrected version with lineage and leaves the original as it was", async () => {
    const fork = await call("POST", `/v1/labels/${setId}/versions`, {
      annotator: "ana",
      corrections: [{ conversation_id: "c1", satisfied: true, critique: "" }],
    });
    const child = await call("GET", `/v1/labels/${fork.body.id}`);
    const original = await call("GET", `/v1/labels/${setId}`);

    expect(fork.status).toBe(201);
    expect(fork.body).toMatchObject({ parent: setId, origin: "review", corrected: ["c1"] });
    expect(
      child.body.labels.find(
        (l: { annotator: string; conversation_id: string }) => l.annotator === "ana" && l.conversation_id === "c1",
      ).satisfied,
    ).toBe(true);
    expect(
      original.body.labels.find(
        (l: { annotator: string; conversation_id: string }) => l.annotator === "ana" && l.conversation_id === "c1",
      ).satisfied,
    ).toBe(false);
  });
});
