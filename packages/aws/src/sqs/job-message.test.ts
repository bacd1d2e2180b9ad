import { InMemoryArtifactStore } from "@judgeloop/core";
import { describe, expect, it } from "vitest";
import { chunkMessages, decodeJobMessage, encodeJobMessages } from "./job-message.ts";

const job = (id: string, payload: unknown) => ({ id, runId: "run-1", kind: "judge", payload });

describe("chunkMessages", () => {
  it("keeps every chunk within the entry and byte limits, in order", () => {
    const messages = [5, 5, 5, 9, 1, 1, 1, 1, 1, 1, 1].map((bytes, i) => ({ i, bytes }));

    const chunks = chunkMessages(messages, { maxEntries: 4, maxBytes: 10 });

    expect(chunks.map((chunk) => chunk.map((m) => m.i))).toEqual([[0, 1], [2], [3, 4], [5, 6, 7, 8], [9, 10]]);
  });

  it("puts a message bigger than the byte limit in a chunk of its own", () => {
    const chunks = chunkMessages([{ bytes: 1 }, { bytes: 50 }, { bytes: 1 }], { maxEntries: 10, maxBytes: 10 });

    expect(chunks.map((chunk) => chunk.length)).toEqual([1, 1, 1]);
  });
});

describe("encodeJobMessages", () => {
  it("escapes the characters SQS refuses and decodes them back", async () => {
    const original = job("job-1", { text: "a\uFFFEb\uFFFF" });

    const [message] = await encodeJobMessages([original], { maxMessageBytes: 1000 });

    expect(message?.body).not.toMatch(/[\uFFFE\uFFFF]/);
    expect(await decodeJobMessage(message?.body ?? "")).toEqual(original);
  });

  it("escapes characters beyond the Basic Multilingual Plane as surrogate pairs and decodes them back", async () => {
    const original = job("job-2", { text: "thanks \u{1F600} \u{2708}\u{FE0F}" });

    const [message] = await encodeJobMessages([original], { maxMessageBytes: 1000 });

    expect(message?.body).not.toMatch(/[\u{10000}-\u{10FFFF}]/u);
    expect(message?.body).toContain("\\ud83d\\ude00");
    expect(await decodeJobMessage(message?.body ?? "")).toEqual(original);
  });

  it("replaces an oversized body with a pointer to the overflow store", async () => {
    const overflow = new InMemoryArtifactStore();
    const big = job("job-big", "x".repeat(500));

    const [message] = await encodeJobMessages([big], { maxMessageBytes: 200, overflow });

    expect(JSON.parse(message?.body ?? "")).toMatchObject({ id: "job-big", runId: "run-1", kind: "judge" });
    expect(message?.bytes).toBeLessThan(200);
    expect(await decodeJobMessage(message?.body ?? "", overflow)).toEqual(big);
  });
});
