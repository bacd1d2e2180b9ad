import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const chromiumPath = "/usr/bin/chromium";
const hasChromium = existsSync(chromiumPath);
const bin = fileURLToPath(new URL("../../packages/cli/bin/judgeloop.js", import.meta.url));
const conversations = fileURLToPath(new URL("../../examples/airline-support/conversations.jsonl", import.meta.url));

/** Twelve real conversations cut after their first Support turn: the reply to judge. */
function writeTranscripts(path: string): string[] {
  const rows = readFileSync(conversations, "utf8")
    .trim()
    .split("\n")
    .slice(0, 12)
    .map((line) => JSON.parse(line));
  const out = rows.map((row) => {
    const lines: string[] = row.conversation.split("\n");
    const cut = lines.findIndex((line, k) => k > 0 && line.startsWith("Support:"));
    const transcript = `Company: ${row.company}\nTranscript so far: ${lines.slice(0, cut + 1).join("\n")}`;
    return { conversation_id: row.conversation_id, transcript };
  });
  writeFileSync(path, `${out.map((row) => JSON.stringify(row)).join("\n")}\n`);
  return out.map((row) => row.conversation_id);
}

function judgeloop(args: string[], home: string): ChildProcess {
  return spawn(process.execPath, [bin, ...args], { env: { ...process.env, JUDGELOOP_HOME: home }, stdio: "pipe" });
}

async function run(args: string[], home: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = judgeloop(args, home);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => (stdout += chunk));
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  return { code, stdout, stderr };
}

describe.skipIf(!hasChromium)("judgeloop label --ui in headless Chromium", () => {
  let dir: string;
  let home: string;
  let ids: string[];
  let server: ChildProcess;
  let started: { url: string; reviewUrl: string; labelSet: string; dataset: string };
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "judgeloop-labeling-"));
    home = join(dir, "home");
    ids = writeTranscripts(join(dir, "transcripts.jsonl"));
    server = judgeloop(
      ["label", "--ui", "--dataset", join(dir, "transcripts.jsonl"), "--annotator", "ana", "--port", "0"].concat([
        "--judge-model",
        "sim/strong",
        "--judge-model",
        "sim/weak",
        "--json",
      ]),
      home,
    );
    let stdout = "";
    started = await new Promise((resolve, reject) => {
      server.stdout?.on("data", (chunk) => {
        stdout += chunk;
        try {
          resolve(JSON.parse(stdout));
        } catch {}
      });
      server.on("close", (code) => reject(new Error(`label --ui exited with ${code}`)));
    });
    context = await chromium.launchPersistentContext(join(dir, "profile"), {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
    context.on("request", (request) => requests.push(request.url()));
    page = context.pages()[0] ?? (await context.newPage());
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    server?.kill("SIGINT");
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function labelOne(satisfied: boolean, critique: string): Promise<string> {
    const id = (await page.getAttribute("#item-id", "data-id")) ?? "";
    const before = await page.textContent("#progress-text");
    await page.keyboard.press(satisfied ? "y" : "n");
    await page.keyboard.press("c");
    await page.keyboard.type(critique);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.textContent("#progress-text")).not.toBe(before);
    return id;
  }

  it("labels 10 conversations by keyboard, resumes after a reload, and writes the label file", async () => {
    await page.goto(started.url);
    await page.waitForSelector("#reply");
    expect(await page.textContent("#reply")).toMatch(/^Support:/);
    const labelled: string[] = [];
    for (let i = 0; i < 5; i++) labelled.push(await labelOne(i % 2 === 0, `critique ${i}`));
    await page.reload();
    await page.waitForSelector("#reply");
    expect(await page.textContent("#progress-text")).toBe("5 / 12 labelled");
    expect(labelled).not.toContain(await page.getAttribute("#item-id", "data-id"));
    for (let i = 5; i < 10; i++) labelled.push(await labelOne(i % 2 === 0, `critique ${i}`));
    expect(await page.textContent("#progress-text")).toBe("10 / 12 labelled");
    expect(await page.textContent("#gate-message")).toMatch(/kappa/);

    const file = join(dir, "labels.jsonl");
    const exported = await run(["label", "--export", file, "--dataset", started.dataset, "--json"], home);
    expect(exported.code).toBe(0);
    const rows = (await readFile(file, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((row) => row.conversation_id))).toEqual(new Set(labelled));
    expect(rows.every((row) => ids.includes(row.conversation_id))).toBe(true);
  }, 120_000);

  it("undoes the last label with u", async () => {
    await labelOne(true, "to undo");
    expect(await page.textContent("#progress-text")).toBe("11 / 12 labelled");
    await page.keyboard.press("u");
    await expect.poll(() => page.textContent("#progress-text")).toBe("10 / 12 labelled");
  }, 60_000);

  it("refuses an unsatisfied label without a critique and stores nothing", async () => {
    await page.keyboard.press("n");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.textContent("#status")).toContain("critique: is required when satisfied is false");
    expect(await page.textContent("#progress-text")).toBe("10 / 12 labelled");
  }, 60_000);

  it("reviews a disagreement: the correction forks a new label set with lineage", async () => {
    await page.goto(started.reviewUrl.replace("annotator=sme", "annotator=ana"));
    await page.waitForSelector("#review-summary:not(:empty)");
    const cards = page.locator("article.card");
    const before = await cards.count();
    expect(before).toBeGreaterThan(0);
    expect(await cards.first().locator("[data-side=judge]").textContent()).toMatch(/^Judge: /);
    await cards.first().locator("[data-correct]").click();
    await expect.poll(() => page.textContent("#status")).toMatch(/new label set ls-\w+ \(parent /);
    await expect.poll(() => cards.count()).toBe(before - 1);
    expect(await page.textContent("#set-meta")).toContain(`version of ${started.labelSet}, 1 corrected`);
  }, 60_000);

  it("makes no request beyond its own server", () => {
    const origin = new URL(started.url).origin;
    expect(requests.filter((url) => !url.startsWith(origin))).toEqual([]);
  });
});
