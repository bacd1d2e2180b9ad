import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LMRequest } from "../lm/types.ts";
import { OpenAILM } from "./openai.ts";
import { openAICompletion } from "./testing/openai-completion.ts";
import { RecordingServer } from "./testing/recording-server.ts";

const schema = { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] };
const request: LMRequest = {
  messages: [{ role: "user", content: "Is the reply helpful?" }],
  responseFormat: { type: "json_schema", name: "verdict", schema },
};

// Rejections as OpenAI, an OpenAI-compatible gateway and LM Studio word them.
const schemaRejected = {
  status: 400,
  body: {
    error: {
      message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
      type: "invalid_request_error",
      param: "response_format",
    },
  },
};
const jsonObjectRejected = {
  status: 400,
  body: {
    error: {
      message: "The parameter `response_format.type` is not valid: supported values are: `text`.",
      param: "response_format.type",
    },
  },
};

describe("OpenAILM response_format fallback", () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await RecordingServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  const lmFor = () =>
    new OpenAILM({
      model: "served-model",
      apiKey: "k",
      baseURL: `${server.url}/v1`,
      profile: { structuredOutputs: true },
    });

  it("retries a call whose json_schema was rejected with json_object, and remembers it for later calls", async () => {
    server.enqueue(
      schemaRejected,
      { status: 200, body: openAICompletion('{"ok": true}') },
      { status: 200, body: openAICompletion('{"ok": true}') },
    );
    const lm = lmFor();

    const first = await lm.call(request);
    await lm.call(request);

    expect(first.text).toBe('{"ok": true}');
    const formats = server.requests.map((sent) => (sent.body.response_format as { type: string }).type);
    expect(formats).toEqual(["json_schema", "json_object", "json_object"]);
  });

  it("drops response_format altogether when json_object is rejected too, so the adapter parses plain text", async () => {
    server.enqueue(schemaRejected, jsonObjectRejected, { status: 200, body: openAICompletion('{"ok": true}') });

    const response = await lmFor().call(request);

    expect(response.text).toBe('{"ok": true}');
    expect(server.requests).toHaveLength(3);
    expect(server.lastRequest?.body).not.toHaveProperty("response_format");
  });

  it("takes a 400 about anything else as the call's failure, with no second request", async () => {
    server.enqueue({ status: 400, body: { error: { message: "max_tokens is too large", param: "max_tokens" } } });

    const error = await lmFor()
      .call(request)
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ kind: "bad_request", status: 400 });
    expect(server.requests).toHaveLength(1);
  });

  it("falls back on a server whose error body is a bare string mentioning response_format", async () => {
    server.enqueue(
      { status: 400, body: { error: "'response_format.type' must be 'json_schema'" } },
      { status: 200, body: openAICompletion('{"ok": true}') },
    );
    const lm = new OpenAILM({ model: "served-model", apiKey: "k", baseURL: `${server.url}/v1` });

    await lm.call({ ...request, responseFormat: { type: "json_object" } });

    expect(server.requests).toHaveLength(2);
    expect(server.lastRequest?.body).not.toHaveProperty("response_format");
  });
});
