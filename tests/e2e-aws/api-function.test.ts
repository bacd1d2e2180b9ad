import { newRunRecord } from "@judgeloop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3ProgramRegistry } from "../../functions/programs/s3-program-registry.ts";
import { call, httpEvent } from "./support/api-calls.ts";
import { type AwsStack, startAwsStack } from "./support/aws-stack.ts";
import { judgeProgram } from "./support/optimization-fixture.ts";

let stack: AwsStack;

beforeAll(async () => {
  stack = await startAwsStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe("the API function (functions/api.ts)", () => {
  it("serves a run from DynamoDB to a caller with the linked token, and refuses one without", async () => {
    // Prepare
    const now = new Date().toISOString();
    await stack.runStore.createRun(newRunRecord({ id: "run-api-1", kind: "optimize", input: {}, now }));

    // Act
    const allowed = await call(httpEvent("GET", "/v1/runs/run-api-1"));
    const refused = await call(httpEvent("GET", "/v1/runs/run-api-1", { auth: false }));

    // Assess
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({ id: "run-api-1", status: "queued" });
    expect(refused.status).toBe(401);
  });

  it("lists runs from DynamoDB a page at a time, newest first, following nextCursor to the end", async () => {
    // Prepare: 45 runs of a kind no other test uses, three per instant
    const ids = Array.from({ length: 45 }, (_, i) => `run-list-${String(i).padStart(2, "0")}`);
    const at = (i: number) => `2030-01-01T00:${String(Math.floor(i / 3)).padStart(2, "0")}:00.000Z`;
    await Promise.all(
      ids.map((id, i) => stack.runStore.createRun(newRunRecord({ id, kind: "listing", input: {}, now: at(i) }))),
    );

    // Act
    const pages: { runs: { id: string }[]; nextCursor: string | null }[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const query = cursor === "" ? "?limit=20" : `?limit=20&cursor=${cursor}`;
      const response = await call(httpEvent("GET", `/v1/runs${query}`));
      expect(response.status).toBe(200);
      const page = response.body as unknown as (typeof pages)[number];
      pages.push(page);
      cursor = page.nextCursor;
    }
    const badCursor = await call(httpEvent("GET", "/v1/runs?cursor=bm90LWEtY3Vyc29y"));

    // Assess: these runs are the newest, so they fill the first pages in order
    const listed = pages.flatMap((page) => page.runs.map((run) => run.id));
    expect(pages[0]?.runs).toHaveLength(20);
    expect(listed.slice(0, 45)).toEqual([...ids].reverse());
    expect(new Set(listed).size).toBe(listed.length);
    expect(badCursor).toMatchObject({ status: 400, body: { error: { field: "cursor" } } });
  });

  it("lists and promotes program versions kept in S3", async () => {
    // Prepare
    const programs = new S3ProgramRegistry(stack.artifacts);
    const recipe = {
      trainsetKey: "t.json",
      holdoutKey: "h.json",
      metric: { kind: "exact" as const, field: "x" },
      proposerModel: "sim/strong",
    };
    await programs.create("support", recipe, {
      state: judgeProgram().toState(),
      createdAt: "2025-01-01T00:00:00.000Z",
    });
    await programs.addVersion("support", {
      state: judgeProgram().toState(),
      createdAt: "2025-01-02T00:00:00.000Z",
      runId: "run-2",
      score: 0.8,
    });

    // Act
    const promoted = await call(httpEvent("POST", "/v1/programs/support/promote", { body: { version: "v2" } }));
    const listed = await call(httpEvent("GET", "/v1/programs/support/versions"));
    const unknown = await call(httpEvent("POST", "/v1/programs/support/promote", { body: { version: "v9" } }));

    // Assess
    expect(promoted).toMatchObject({ status: 200, body: { name: "support", champion: "v2", previous: "v1" } });
    expect(listed.body).toMatchObject({ name: "support", champion: "v2" });
    expect((listed.body.versions as unknown[]).length).toBe(2);
    expect(unknown.status).toBe(404);
  });
});
