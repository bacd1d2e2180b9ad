import { describe, expect, it } from "vitest";
import { JudgeloopError } from "../errors.ts";
import { compareVersions, modelFamily, parseModelVersion, splitModelString } from "./model-family.ts";

describe("modelFamily", () => {
  it.each([
    ["gpt-4o-mini-2024-07-18", "gpt-4o-mini"],
    ["gpt-4o-2024-08-06", "gpt-4o"],
    ["o3-mini-2025-01-31", "o3-mini"],
    ["gpt-4.1-nano-2025-04-14", "gpt-4.1-nano"],
    ["gpt-4o-realtime-preview-2024-12-17", "gpt-4o-realtime"],
    ["gpt-4o-realtime-preview", "gpt-4o-realtime"],
    ["gpt-4-0613", "gpt-4"],
    ["gpt-4-1106-preview", "gpt-4"],
    ["claude-haiku-4-5-20251001", "claude-haiku-4-5"],
    ["claude-3-5-sonnet-20241022", "claude-3-5-sonnet"],
    ["claude-3-5-sonnet-latest", "claude-3-5-sonnet"],
    ["gemini-2.5-flash-preview-05-20", "gemini-2.5-flash"],
    ["gemini-2.5-flash-preview-09-2025", "gemini-2.5-flash"],
    ["gemini-2.5-flash-lite-preview-06-17", "gemini-2.5-flash-lite"],
    ["gemini-2.0-flash-001", "gemini-2.0-flash"],
    ["gemini-2.0-flash-exp", "gemini-2.0-flash"],
    ["gemini-1.5-flash-latest", "gemini-1.5-flash"],
  ])("maps %s to the family %s", (id, family) => {
    const result = modelFamily(id);

    expect(result).toBe(family);
  });

  it.each([
    "gpt-4o-mini",
    "claude-haiku-4-5",
    "gemini-2.5-flash",
    "gemini-1.5-flash-8b",
    "gpt-3.5-turbo-16k",
    "text-embedding-3-large",
  ])("keeps %s whole: its tail is a name, not a version", (id) => {
    const result = modelFamily(id);

    expect(result).toBe(id);
  });
});

describe("parseModelVersion", () => {
  it("reads full dates in either OpenAI or Anthropic form as sortable yyyymmdd ranks", () => {
    const openai = parseModelVersion("gpt-4o-mini-2024-07-18");
    const anthropic = parseModelVersion("claude-haiku-4-5-20251001");

    expect(openai).toMatchObject({ kind: "date", rank: 20240718, preview: false });
    expect(anthropic).toMatchObject({ kind: "date", rank: 20251001, preview: false });
  });

  it("marks preview and experimental versions", () => {
    const dated = parseModelVersion("gemini-2.5-flash-preview-05-20");
    const bare = parseModelVersion("gemini-2.0-flash-exp");

    expect(dated).toMatchObject({ family: "gemini-2.5-flash", kind: "month-day", rank: 520, preview: true });
    expect(bare).toMatchObject({ family: "gemini-2.0-flash", kind: "none", preview: true });
  });

  it("tells aliases, revisions and unversioned ids apart", () => {
    expect(parseModelVersion("claude-3-5-sonnet-latest").kind).toBe("alias");
    expect(parseModelVersion("gemini-2.0-flash-002")).toMatchObject({ kind: "revision", rank: 2 });
    expect(parseModelVersion("claude-haiku-4-5").kind).toBe("none");
  });

  it("ignores digit runs that are not plausible dates", () => {
    const result = parseModelVersion("model-2024-13-40");

    expect(result.kind).not.toBe("date");
  });

  it("rejects an empty id or one with whitespace", () => {
    expect(() => parseModelVersion("")).toThrow(JudgeloopError);
    expect(() => parseModelVersion("gpt 4o")).toThrow(/no whitespace/);
  });
});

describe("compareVersions", () => {
  const version = (id: string, createdAt?: string) => ({ version: parseModelVersion(id), createdAt });

  it("orders full dates by date", () => {
    const result = compareVersions(version("gpt-4o-2024-08-06"), version("gpt-4o-2024-05-13"));

    expect(result).toBe(1);
  });

  it("uses creation times where month-day versions carry no year", () => {
    const january = version("gpt-3.5-turbo-0125", "2024-01-23T00:00:00Z");
    const november = version("gpt-3.5-turbo-1106", "2023-11-02T00:00:00Z");

    const result = compareVersions(january, november);

    expect(result).toBe(1);
  });

  it("falls back to ranks of the same kind, and says nothing across kinds", () => {
    expect(compareVersions(version("gemini-2.0-flash-002"), version("gemini-2.0-flash-001"))).toBe(1);
    expect(compareVersions(version("gemini-2.0-flash-001"), version("gemini-2.0-flash"))).toBeUndefined();
  });
});

describe("splitModelString", () => {
  it("splits at the first slash and names the field when malformed", () => {
    expect(splitModelString("openai/org/model", "model")).toEqual({ provider: "openai", id: "org/model" });
    expect(() => splitModelString("gpt-4o", "watchedPrograms[0].model")).toThrow(/watchedPrograms\[0\]\.model/);
  });
});
