import { existsSync } from "node:fs";
import { copyFile, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildSampleSummary, sectionIds, writeReport } from "@judgeloop/report";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const chromiumPath = "/usr/bin/chromium";
const hasChromium = existsSync(chromiumPath);
const docsScreenshot = fileURLToPath(new URL("../../docs/report-screenshot.png", import.meta.url));
const charts = ["trials-judge", "trials-generator", "pass-rates", "reply-lengths", "pass-rate-by-length"];

if (!hasChromium)
  console.warn(`report browser test skipped: ${chromiumPath} is not installed (apt-get install chromium)`);

describe.skipIf(!hasChromium)(`the run report in headless Chromium (needs ${chromiumPath})`, () => {
  let workDir: string;
  let reportUrl: string;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "judgeloop-report-browser-"));
    const { htmlPath } = await writeReport(await buildSampleSummary(), join(workDir, "run"));
    reportUrl = pathToFileURL(htmlPath).href;
    // A persistent context on a fresh directory: no profile, cache or extension from elsewhere.
    context = await chromium.launchPersistentContext(join(workDir, "profile"), {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    context.on("request", (request) => requests.push(request.url()));
    page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    await page.goto(reportUrl, { waitUntil: "load" });
  });

  afterAll(async () => {
    await context?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("shows every section", async () => {
    for (const id of sectionIds) {
      const section = page.locator(`section#${id}`);
      await section.scrollIntoViewIfNeeded();

      expect(await section.isVisible(), `section #${id}`).toBe(true);
    }
  });

  it("shows every chart as a visible inline SVG", async () => {
    expect(await page.locator("figure[data-chart]").count()).toBe(charts.length);
    for (const name of charts) {
      const svg = page.locator(`figure[data-chart="${name}"] svg`);
      await svg.scrollIntoViewIfNeeded();

      const box = await svg.boundingBox();

      expect(await svg.isVisible(), `chart ${name}`).toBe(true);
      expect(box?.width ?? 0, `chart ${name} width`).toBeGreaterThan(200);
      expect(await svg.locator("path, rect, line, symbol").count(), `chart ${name} marks`).toBeGreaterThan(5);
    }
  });

  it("shows the simulated-results banner", async () => {
    await expect.poll(() => page.locator("[data-banner=simulated]").textContent()).toContain("Simulated results");
  });

  it("filters the flips table by direction", async () => {
    const rows = page.locator("#flips tbody tr[data-direction]");
    const failToPass = page.locator('#flips tbody tr[data-direction="fail-to-pass"]');
    const passToFail = page.locator('#flips tbody tr[data-direction="pass-to-fail"]');
    const total = await rows.count();
    expect(await failToPass.count()).toBeGreaterThan(0);

    await page.click('[data-flip-filter="pass-to-fail"]');

    expect(await failToPass.first().isHidden()).toBe(true);
    expect(await page.locator("#flips tbody tr[data-direction]:visible").count()).toBe(await passToFail.count());
    expect(await page.locator("#flips-status").textContent()).toBe(
      `Showing ${await passToFail.count()} of ${total} flipped examples.`,
    );
    expect(await page.getAttribute('[data-flip-filter="pass-to-fail"]', "aria-pressed")).toBe("true");

    await page.click('[data-flip-filter="all"]');

    expect(await page.locator("#flips tbody tr[data-direction]:visible").count()).toBe(total);
  });

  it("logs no console errors and makes no network request", () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([reportUrl]);
  });

  it("saves a full-page screenshot", async () => {
    // Outside workDir so it survives the test for a look; docs get it only when asked to.
    const path = join(tmpdir(), "judgeloop-report-screenshot.png");

    await page.screenshot({ path, fullPage: true });

    expect((await stat(path)).size).toBeGreaterThan(50_000);
    if (process.env.JUDGELOOP_UPDATE_SCREENSHOT === "1") await copyFile(path, docsScreenshot);
  });
});
