import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { commandSynopses, synopsisBlock } from "./testing/command-synopsis.ts";

const readme = new URL("../../../README.md", import.meta.url);

/** The first code block after the "## Command line" heading. */
async function commandBlock(): Promise<string> {
  const text = await readFile(readme, "utf8");
  const section = text.slice(text.indexOf("## Command line"));
  return /```\n([\s\S]*?)\n```/.exec(section)?.[1] ?? "";
}

describe("README.md's command section", () => {
  it("lists every command with exactly its real arguments and flags", async () => {
    // On a mismatch, paste synopsisBlock()'s output (the expected side) into the README.
    expect(await commandBlock()).toBe(synopsisBlock());
  });

  it("names every leaf command of the program", async () => {
    const block = await commandBlock();

    for (const { path } of commandSynopses()) expect(block).toContain(`judgeloop ${path} `);
  });
});
