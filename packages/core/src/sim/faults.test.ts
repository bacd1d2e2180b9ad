import { describe, expect, it } from "vitest";
import { faultFor, parseFaultSpec } from "./faults.ts";

describe("parseFaultSpec", () => {
  it("reads server, timeout and malformed rates", () => {
    expect(parseFaultSpec("500:0.05, timeout:0.02,malformed:0.03")).toEqual({
      server: 0.05,
      serverStatus: 500,
      timeout: 0.02,
      malformed: 0.03,
    });
  });

  it("reads the rate of extra 429s apart from the other faults", () => {
    expect(parseFaultSpec("429:0.03,500:0.03")).toMatchObject({ rateLimit: 0.03, server: 0.03 });
    expect(() => parseFaultSpec("429:0.5,500:0.6")).toThrow(/more than 1/);
  });

  it("keeps the 5xx status it was given", () => {
    expect(parseFaultSpec("503:0.1").serverStatus).toBe(503);
  });

  it("rejects unknown kinds, rates outside [0, 1] and totals above 1, naming the part", () => {
    expect(() => parseFaultSpec("404:0.1")).toThrow(/fault "404"/);
    expect(() => parseFaultSpec("timeout:2")).toThrow(/between 0 and 1/);
    expect(() => parseFaultSpec("500:0.6,timeout:0.6")).toThrow(/more than 1/);
  });
});

describe("faultFor", () => {
  it("maps a uniform draw onto consecutive bands of the rates", () => {
    const faults = parseFaultSpec("500:0.1,timeout:0.1,malformed:0.1");

    expect([0.05, 0.15, 0.25, 0.35].map((u) => faultFor(faults, u))).toEqual([
      "server",
      "timeout",
      "malformed",
      undefined,
    ]);
  });
});
