import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  bundleFunction,
  bytesOf,
  type FunctionBundle,
  packageBytes,
  repoRoot,
  staticClosure,
} from "./support/function-bundle.ts";

// A size check of the deployed bundle shape (stacks/bundling.ts), not a timing test.
const providerSdks = ["openai", "@anthropic-ai/sdk", "@google/genai"];
const workerLimitBytes = 1_000_000;

describe("the worker bundle", () => {
  let worker: FunctionBundle;
  beforeAll(async () => {
    const outdir = join(repoRoot, "node_modules", ".cache", "judgeloop-bundle-test", "worker");
    worker = await bundleFunction("worker", join(repoRoot, "functions", "worker.ts"), outdir, "external");
  }, 120_000);

  it("loads at most 1 MB at a cold start with only the AWS SDK left external", () => {
    expect(bytesOf(worker, worker.eager)).toBeLessThanOrEqual(workerLimitBytes);
  });

  it("loads no provider SDK and no tokenizer at a cold start: they are in lazy chunks", () => {
    const eager = packageBytes(worker, worker.eager).map(([name]) => name);
    const lazy = packageBytes(worker, worker.lazy).map(([name]) => name);

    expect(eager).not.toEqual(expect.arrayContaining(["gpt-tokenizer"]));
    for (const sdk of providerSdks) expect(eager).not.toContain(sdk);
    expect(lazy).toEqual(expect.arrayContaining(["gpt-tokenizer", ...providerSdks]));
  });

  it("puts each provider SDK in chunks of its own, so a run loads only the provider it calls", () => {
    for (const sdk of providerSdks) {
      const chunks = worker.lazy.filter((path) => packageBytes(worker, [path]).some(([name]) => name === sdk));
      const others = providerSdks.filter((other) => other !== sdk);

      expect(chunks.length).toBeGreaterThan(0);
      for (const chunk of chunks) {
        const names = packageBytes(worker, staticClosure(worker, chunk)).map(([name]) => name);
        for (const other of others) expect(names).not.toContain(other);
      }
    }
  });
});
