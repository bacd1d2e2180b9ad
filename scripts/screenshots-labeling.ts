/**
 * Screenshots of the labeling pages for docs/labeling.md: `npm run docs:screenshots`.
 *
 * Starts `judgeloop label --ui` on 127.0.0.1 with twelve airline conversations and two simulated
 * candidate judges, labels eight of them by keyboard in headless /usr/bin/chromium
 * (playwright-core) with the simulator's truth as the SME's verdict (so every label and verdict
 * shown is SIMULATED), and writes docs/labeling-page.png and docs/review-page.png. Everything
 * runs in a temporary data directory that is removed afterwards.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { simulatedTruth } from "@judgeloop/core";
import { chromium } from "playwright-core";

const chromiumPath = "/usr/bin/chromium";
const bin = fileURLToPath(new URL("../packages/cli/bin/judgeloop.js", import.meta.url));
const conversations = fileURLToPath(new URL("../examples/airline-support/conversations.jsonl", import.meta.url));
const docs = fileURLToPath(new URL("../docs/", import.meta.url));
const labelCount = 8;

/** Twelve conversations cut after their first Support turn; returns each id's simulated truth. */
function writeTranscripts(path: string): Map<string, boolean> {
  const rows = readFileSync(conversations, "utf8")
    .trim()
    .split("\n")
    .slice(0, 12)
    .map((line) => JSON.parse(line) as { conversation_id: string; company: string; conversation: string });
  const out = rows.map((row) => {
    const lines = row.conversation.split("\n");
    const cut = lines.findIndex((line, k) => k > 0 && line.startsWith("Support:"));
    return {
      conversation_id: row.conversation_id,
      transcript: `Company: ${row.company}\nTranscript so far: ${lines.slice(0, cut + 1).join("\n")}`,
    };
  });
  writeFileSync(path, `${out.map((row) => JSON.stringify(row)).join("\n")}\n`);
  return new Map(out.map((row) => [row.conversation_id, simulatedTruth(row.transcript).verdict]));
}

/** Starts the label UI and resolves with the URLs it prints (--json). */
function startLabelUi(
  dataset: string,
  home: string,
): Promise<{ server: ChildProcess; url: string; reviewUrl: string }> {
  const args = ["label", "--ui", "--dataset", dataset, "--annotator", "ana", "--port", "0"];
  args.push("--judge-model", "sim/strong", "--judge-model", "sim/weak", "--json");
  const server = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, JUDGELOOP_HOME: home },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  return new Promise((resolve, reject) => {
    server.stdout?.on("data", (chunk) => {
      stdout += chunk;
      try {
        const started = JSON.parse(stdout) as { url: string; reviewUrl: string };
        resolve({ server, url: started.url, reviewUrl: started.reviewUrl });
      } catch {
        // Not the whole JSON line yet.
      }
    });
    server.on("close", (code) => reject(new Error(`judgeloop label --ui exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found: install Debian's chromium package`);
  const dir = await mkdtemp(join(tmpdir(), "judgeloop-screenshots-"));
  let server: ChildProcess | undefined;
  try {
    const truth = writeTranscripts(join(dir, "transcripts.jsonl"));
    const started = await startLabelUi(join(dir, "transcripts.jsonl"), join(dir, "home"));
    server = started.server;
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      await page.goto(started.url);
      await page.waitForSelector("#reply");
      for (let i = 0; i < labelCount; i++) {
        const id = (await page.getAttribute("#item-id", "data-id")) ?? "";
        const satisfied = truth.get(id) ?? true;
        const before = await page.textContent("#progress-text");
        await page.keyboard.press(satisfied ? "y" : "n");
        await page.keyboard.press("c");
        await page.keyboard.type(satisfied ? "answers the question" : "does not say what happens next");
        await page.keyboard.press("Enter");
        await page.waitForFunction((text) => document.querySelector("#progress-text")?.textContent !== text, before);
      }
      await page.screenshot({ path: join(docs, "labeling-page.png"), fullPage: true });
      await page.goto(started.reviewUrl.replace("annotator=sme", "annotator=ana"));
      await page.waitForSelector("#review-summary:not(:empty)");
      await page.screenshot({ path: join(docs, "review-page.png"), fullPage: true });
      console.log("wrote docs/labeling-page.png and docs/review-page.png (simulated labels and verdicts)");
    } finally {
      await browser.close();
    }
  } finally {
    server?.kill("SIGINT");
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
