import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../evaluate/evaluate.ts";
import { exactMatch } from "../evaluate/metrics.ts";
import { MemoryBudgetLedger } from "../lm/budget.ts";
import { MemoryCacheStore } from "../lm/cache.ts";
import { createLM } from "../lm/create-lm.ts";
import { Example } from "../module/example.ts";
import { Predict } from "../module/predict.ts";
import { OpenAILM } from "./openai.ts";
import { openAICompletion } from "./testing/openai-completion.ts";
import { RecordingServer } from "./testing/recording-server.ts";

const cutOff = () => openAICompletion("", { finishReason: "length", model: "o4-mini", completionTokens: 16_384 });

describe("evaluate over a reasoning model whose answers are cut off", () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await RecordingServer.start();
  });
  afterAll(() => server.close());

  it("records the example as error kind truncated after one doubled retry, stores nothing and books the spend", async () => {
    server.enqueue({ status: 200, body: cutOff() }, { status: 200, body: cutOff() });
    const store = new MemoryCacheStore();
    const ledger = new MemoryBudgetLedger();
    const lm = createLM("openai/o4-mini", {
      providerFactory: () => new OpenAILM({ model: "o4-mini", apiKey: "k", baseURL: `${server.url}/v1` }),
      cache: { store, mode: "read-write" },
      budget: { ledger, runId: "run", capUsd: 5 },
      retry: false,
    });
    const program = new Predict("question -> answer", { lm });
    const examples = [new Example({ question: "2+2?", answer: "4" }).withInputs("question")];

    const result = await evaluate(program, examples, exactMatch("answer"));

    expect(result.records[0]).toMatchObject({ status: "error", errorKind: "truncated", score: null });
    expect(result.errors).toBe(1);
    expect(server.requests.map((sent) => sent.body.max_completion_tokens)).toEqual([16_384, 32_768]);
    expect(store.size).toBe(0);
    expect(await ledger.spent("run")).toBeGreaterThan(0);
  });
});
