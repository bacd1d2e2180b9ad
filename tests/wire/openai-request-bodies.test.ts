import {
  ChainOfThought,
  ChatAdapter,
  JSONAdapter,
  type LMRequest,
  Predict,
  reasoningEfforts,
  Signature,
} from "@judgeloop/core";
import { type LMDefaults, OpenAILM } from "@judgeloop/core/providers";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RecordingServer } from "../../packages/core/src/providers/testing/recording-server.ts";
import { openAISchemaCheck, type SchemaCheck } from "./support/openai-openapi.ts";

// Every request body shape OpenAILM sends, captured on the wire from the real provider class (with
// the real adapters in front of it) and checked against OpenAI's published OpenAPI document.

const judgeSignature = Signature.parse(
  "transcript: string -> satisfied: boolean, critique: string",
  "Decide whether the last Support reply satisfies the customer.",
);
const transcript =
  "Customer: my bag never arrived.\nSupport: Sorry! DM us your file reference and we'll trace it today.";
const jsonAnswer = JSON.stringify({ reasoning: "It offers a next step.", satisfied: true, critique: "Concrete." });
const chatAnswer = "[[ ## satisfied ## ]]\nTrue\n\n[[ ## critique ## ]]\nConcrete.\n\n[[ ## completed ## ]]";

function completion(model: string, content: string) {
  return {
    id: "chatcmpl-wire",
    object: "chat.completion",
    created: 1,
    model,
    choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content, refusal: null } }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

describe("OpenAILM request bodies against the OpenAI OpenAPI document", () => {
  let server: RecordingServer;
  let check: SchemaCheck;
  beforeAll(async () => {
    server = await RecordingServer.start();
    check = await openAISchemaCheck("CreateChatCompletionRequest");
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  const lmFor = (model: string, defaults: LMDefaults = {}) =>
    new OpenAILM({
      model,
      apiKey: "sk-wire-test",
      baseURL: `${server.url}/v1`,
      timeoutMs: 5000,
      defaults: { temperature: 0.2, maxTokens: 300, ...defaults },
    });

  /** Sends one request through the real LM and returns the body the server received. */
  async function sentBody(
    model: string,
    send: (lm: OpenAILM) => Promise<unknown>,
    answer = jsonAnswer,
    defaults: LMDefaults = {},
  ): Promise<Record<string, unknown>> {
    server.enqueue({ status: 200, body: completion(model, answer) });
    await send(lmFor(model, defaults));
    const body = server.lastRequest?.body;
    if (!body) throw new Error("the server received no request");
    return body;
  }

  function expectValid(body: unknown): void {
    const result = check(body);
    expect(result.errors, `against OpenAPI ${check.specVersion}`).toEqual([]);
    expect(result.valid).toBe(true);
  }

  it("accepts a plain-text chat request with system, user and assistant turns", async () => {
    const request: LMRequest = {
      messages: [
        { role: "system", content: "You judge support replies." },
        { role: "user", content: transcript },
        { role: "assistant", content: "Noted." },
        { role: "user", content: "Verdict?" },
      ],
    };
    const body = await sentBody("gpt-4o", (lm) => lm.call(request));

    expect(body).toMatchObject({ model: "gpt-4o", temperature: 0.2, max_tokens: 300 });
    expect(body).not.toHaveProperty("response_format");
    expectValid(body);
  });

  it("accepts the ChatAdapter's request, which asks for no response format", async () => {
    const judge = new Predict(judgeSignature, { adapter: new ChatAdapter() });
    const body = await sentBody("gpt-4o-mini", (lm) => judge.call({ transcript }, { lm }), chatAnswer);

    expect(server.requests).toHaveLength(1);
    expect(body).not.toHaveProperty("response_format");
    expectValid(body);
  });

  it("accepts the JSONAdapter's strict json_schema request on a structured-output model", async () => {
    const judge = new ChainOfThought(judgeSignature, { adapter: new JSONAdapter() });
    const body = await sentBody("gpt-4o-mini", (lm) => judge.call({ transcript }, { lm, temperature: 0 }));

    expect(body.response_format).toMatchObject({ type: "json_schema", json_schema: { strict: true } });
    expect(body.temperature).toBe(0);
    expectValid(body);
  });

  it("accepts the json_object request sent to a model with JSON mode only", async () => {
    const judge = new Predict(judgeSignature, { adapter: new JSONAdapter() });
    const body = await sentBody("gpt-4-turbo", (lm) => judge.call({ transcript }, { lm }));

    expect(body.response_format).toEqual({ type: "json_object" });
    expectValid(body);
  });

  it("accepts a reasoning model's request: max_completion_tokens and no temperature", async () => {
    const judge = new ChainOfThought(judgeSignature, { adapter: new JSONAdapter() });
    const body = await sentBody("o3", (lm) => judge.call({ transcript }, { lm, temperature: 0.7 }));

    expect(body).toMatchObject({ model: "o3", max_completion_tokens: 300 });
    expect(body).not.toHaveProperty("temperature");
    expect(body).not.toHaveProperty("max_tokens");
    expectValid(body);
  });

  it("accepts a reasoning model's request with every reasoning_effort judgeloop sends", async () => {
    const judge = new ChainOfThought(judgeSignature, { adapter: new JSONAdapter() });
    for (const effort of reasoningEfforts) {
      const body = await sentBody("gpt-5-mini", (lm) => judge.call({ transcript }, { lm }), jsonAnswer, {
        reasoningEffort: effort,
      });

      expect(body).toMatchObject({ model: "gpt-5-mini", reasoning_effort: effort, max_completion_tokens: 300 });
      expect(body).not.toHaveProperty("temperature");
      expectValid(body);
    }
  });

  it("rejects bodies that break the document, so the check can fail", () => {
    const good = { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] };
    expect(check(good).valid).toBe(true);

    const cases: [string, unknown][] = [
      ["/max_tokens", { ...good, max_tokens: "x" }],
      ["/messages", { ...good, messages: [] }],
      ["/messages/0", { ...good, messages: [{ role: "robot", content: "hi" }] }],
      ["/temperature", { ...good, temperature: 3 }],
      ["/reasoning_effort", { ...good, reasoning_effort: "extreme" }],
      ["/response_format", { ...good, response_format: { type: "json_schema" } }],
    ];
    for (const [path, body] of cases) {
      const result = check(body);
      expect(result.valid, path).toBe(false);
      expect(
        result.errors.some((error) => error.startsWith(path)),
        `${path}: ${result.errors.join("; ")}`,
      ).toBe(true);
    }
  });
});
