import { FakeLM, inSpan, LMError, withLMTracing } from "@judgeloop/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type OtlpReceiver, startOtlpReceiver } from "../../../../tests/support/otlp-receiver.ts";
import { openOtelTracing } from "./otel-tracer.ts";

// The OpenTelemetry adapter against a real OTLP/HTTP receiver on 127.0.0.1; the LM is the
// scripted fake, so a failure can be made on demand.

let receiver: OtlpReceiver;

beforeEach(async () => {
  receiver = await startOtlpReceiver();
});

afterEach(async () => {
  await receiver.close();
});

const config = () => ({
  url: `${receiver.endpoint}/v1/traces`,
  captureMessageContent: false,
  serviceName: "judgeloop-test",
});
const request = { messages: [{ role: "user" as const, content: "hello" }] };

describe("openOtelTracing", () => {
  it("marks a failed LM call's span as an error with the error's code and no message", async () => {
    // Prepare
    const tracing = openOtelTracing(config(), () => undefined);
    const failing = new LMError("rate_limit", "openai returned 429: slow down, key sk-FAKE", { provider: "openai" });
    const lm = withLMTracing(new FakeLM([failing], { model: "openai/gpt-4o-mini" }), tracing.tracer);

    // Act
    await expect(lm.call(request)).rejects.toThrow(LMError);
    await tracing.shutdown();

    // Assess
    const [span] = receiver.spans();
    expect(span?.name).toBe("chat gpt-4o-mini");
    expect(span?.statusCode).toBe(2); // STATUS_CODE_ERROR
    expect(span?.attributes["error.type"]).toBe("lm_rate_limit");
    expect(span?.resource["service.name"]).toBe("judgeloop-test");
    expect(Buffer.concat(receiver.bodies()).toString("latin1")).not.toContain("sk-FAKE");
  });

  it("keeps each concurrent piece of work's calls under its own parent across awaits", async () => {
    // Prepare
    const tracing = openOtelTracing(config(), () => undefined);
    const lm = withLMTracing(new FakeLM(() => "ok", { model: "sim/judge", latencyMs: 5 }), tracing.tracer);
    const work = (name: string) =>
      inSpan(tracing.tracer, name, {}, async () => {
        for (let i = 0; i < 3; i++) await lm.call(request);
      });

    // Act
    await Promise.all([work("trial a"), work("trial b")]);
    await tracing.shutdown();

    // Assess
    const spans = receiver.spans();
    for (const name of ["trial a", "trial b"]) {
      const parent = spans.find((s) => s.name === name);
      const children = spans.filter((s) => s.parentSpanId === parent?.spanId);
      expect(children.map((s) => s.name)).toEqual(["chat judge", "chat judge", "chat judge"]);
      expect(children.every((s) => s.attributes["judgeloop.simulated"] === true)).toBe(true);
    }
  });

  it("warns once, naming only the endpoint's origin, when the collector refuses every export", async () => {
    // Prepare
    const refusing = await startOtlpReceiver({ rejectWith: 500 });
    const warnings: string[] = [];
    const tracing = openOtelTracing(
      { ...config(), url: `${refusing.endpoint.replace("http://", "http://u:pw-FAKE@")}/v1/traces?k=tk-FAKE` },
      (line) => warnings.push(line),
    );

    // Act
    for (let i = 0; i < 3; i++) {
      tracing.tracer.startSpan(`span ${i}`).end();
      await tracing.flush();
    }
    await tracing.shutdown();
    await refusing.close();

    // Assess
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`could not export traces to ${refusing.endpoint} (HTTP 500)`);
    expect(warnings[0]).not.toMatch(/pw-FAKE|tk-FAKE/);
  });
});
