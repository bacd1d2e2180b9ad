import { genAi, providerOf } from "@judgeloop/core";
import * as conventions from "@opentelemetry/semantic-conventions/incubating";
import { describe, expect, it } from "vitest";
import { endpointOrigin, traceExportConfig } from "./trace-export-config.ts";

describe("traceExportConfig", () => {
  it("is off without an endpoint, with OTEL_SDK_DISABLED=true and with OTEL_TRACES_EXPORTER=none", () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" };

    expect(traceExportConfig({})).toBeNull();
    expect(traceExportConfig({ ...endpoint, OTEL_SDK_DISABLED: "true" })).toBeNull();
    expect(traceExportConfig({ ...endpoint, OTEL_TRACES_EXPORTER: "none" })).toBeNull();
  });

  it("appends /v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT and takes OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is", () => {
    const base = traceExportConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318/" });
    const traces = traceExportConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://127.0.0.1:9999/custom",
    });

    expect(base).toEqual({
      url: "http://127.0.0.1:4318/v1/traces",
      captureMessageContent: false,
      serviceName: "judgeloop",
    });
    expect(traces?.url).toBe("http://127.0.0.1:9999/custom");
  });

  it("captures message content only when the flag is exactly true, and takes OTEL_SERVICE_NAME", () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_SERVICE_NAME: "support-bot" };
    const flag = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

    expect(traceExportConfig({ ...endpoint, [flag]: "TRUE" })?.captureMessageContent).toBe(true);
    expect(traceExportConfig({ ...endpoint, [flag]: "1" })?.captureMessageContent).toBe(false);
    expect(traceExportConfig(endpoint)?.serviceName).toBe("support-bot");
  });

  it("refuses an endpoint that is not an http(s) URL, naming the variable", () => {
    expect(() => traceExportConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "127.0.0.1:4318" })).toThrow(
      "OTEL_EXPORTER_OTLP_ENDPOINT is not an http(s) URL",
    );
    expect(() => traceExportConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "grpc://x" })).toThrow(
      "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    );
  });
});

describe("endpointOrigin", () => {
  it("keeps scheme, host and port and drops user info, path and query", () => {
    expect(endpointOrigin("https://user:secret@otel.example.com:8443/v1/traces?key=k")).toBe(
      "https://otel.example.com:8443",
    );
  });
});

describe("genAi attribute names", () => {
  it("are the OpenTelemetry GenAI semantic conventions' names", () => {
    expect(genAi).toMatchObject({
      operationName: conventions.ATTR_GEN_AI_OPERATION_NAME,
      providerName: conventions.ATTR_GEN_AI_PROVIDER_NAME,
      system: conventions.ATTR_GEN_AI_SYSTEM,
      requestModel: conventions.ATTR_GEN_AI_REQUEST_MODEL,
      requestTemperature: conventions.ATTR_GEN_AI_REQUEST_TEMPERATURE,
      requestMaxTokens: conventions.ATTR_GEN_AI_REQUEST_MAX_TOKENS,
      responseModel: conventions.ATTR_GEN_AI_RESPONSE_MODEL,
      inputTokens: conventions.ATTR_GEN_AI_USAGE_INPUT_TOKENS,
      outputTokens: conventions.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
      cacheReadInputTokens: conventions.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
      reasoningOutputTokens: conventions.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
      inputMessages: conventions.ATTR_GEN_AI_INPUT_MESSAGES,
      outputMessages: conventions.ATTR_GEN_AI_OUTPUT_MESSAGES,
      workflowName: conventions.ATTR_GEN_AI_WORKFLOW_NAME,
      serverAddress: conventions.ATTR_SERVER_ADDRESS,
      serverPort: conventions.ATTR_SERVER_PORT,
      errorType: conventions.ATTR_ERROR_TYPE,
    });
  });

  it("name each provider with the conventions' well-known value", () => {
    expect(providerOf("openai/gpt-4o-mini")).toEqual({
      provider: conventions.GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
      model: "gpt-4o-mini",
    });
    expect(providerOf("anthropic/claude-haiku-4-5").provider).toBe(conventions.GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC);
    expect(providerOf("gemini/gemini-2.5-flash").provider).toBe(conventions.GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI);
  });
});
