import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDatasetVersion, type RunSummaryData } from "@judgeloop/core";
import { mismatchedMetrics } from "@judgeloop/report";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileArtifactStore } from "../file-artifact-store.ts";
import { saveBundledConversations } from "./bundled-dataset.testing.ts";
import { LocalRunService } from "./local-run-service.ts";

let home: string;
let summary: RunSummaryData;
let report: string;
/** What the test expects, computed here from the label file it wrote (not by the pipeline's code). */
let expected: { shared: number; agreed: number; kappa: number };

const runConfig = (dataset: string, labels?: { source: "sme"; file: string }) => ({
  data: { dataset },
  prepare: { seed: 5, sample: { size: 80 }, splits: { judgeSet: 40, judgeValidation: 16, devHoldout: 16 } },
  optimizer: { judge: { numTrials: 2 }, generator: { numTrials: 2 } },
  stability: { repeats: 2, examples: 5 },
  gate: { kappaLowerThreshold: -1 },
  ...(labels && { labels }),
});

/** Cohen's kappa of two verdict lists from its definition: (observed − chance) / (1 − chance). */
function cohensKappa(a: readonly boolean[], b: readonly boolean[]): number {
  const n = a.length;
  const observed = a.filter((v, i) => v === b[i]).length / n;
  const yesA = a.filter(Boolean).length / n;
  const yesB = b.filter(Boolean).length / n;
  const chance = yesA * yesB + (1 - yesA) * (1 - yesB);
  return (observed - chance) / (1 - chance);
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "judgeloop-sme-agreement-"));
  const version = await saveBundledConversations(home);
  const artifacts = new FileArtifactStore(home);
  const service = new LocalRunService({ home, env: { keys: {} } });
  // A gold-labelled run first, only to learn the judge set this seed prepares and a plausible verdict for each.
  await service.start({ runId: "run-gold", config: runConfig(version.id), budget: { capUsd: 20 } });
  await service.idle();
  const goldSummary = JSON.parse(await readFile(join(home, "runs", "run-gold", "summary.json"), "utf8"));
  const labelled = (goldSummary as RunSummaryData).overview.datasets.find((d) => d.name === "judge-labelled");
  const judged = await loadDatasetVersion(artifacts, labelled?.id ?? "");
  // Two SMEs: ana labels every conversation as gold did; ben labels the first 24, disagreeing with
  // her on every fourth of those.
  const ana = judged.rows.map((row) => ({ id: String(row.conversation_id), satisfied: row.satisfied === true }));
  const ben = ana
    .slice(0, 24)
    .map((label, i) => ({ ...label, satisfied: i % 4 === 0 ? !label.satisfied : label.satisfied }));
  const line = (annotator: string, l: { id: string; satisfied: boolean }) =>
    `${l.id},${l.satisfied},${l.satisfied ? "Resolved." : "No concrete next step."},${annotator}`;
  const file = join(home, "sme.csv");
  const text = [
    "conversation_id,satisfied,critique,annotator",
    ...ana.map((l) => line("ana", l)),
    ...ben.map((l) => line("ben", l)),
  ];
  await writeFile(file, `${text.join("\n")}\n`);
  const shared = ana.slice(0, 24);
  expected = {
    shared: shared.length,
    agreed: shared.filter((l, i) => l.satisfied === ben[i]?.satisfied).length,
    kappa: cohensKappa(
      shared.map((l) => l.satisfied),
      ben.map((l) => l.satisfied),
    ),
  };
  await service.start({
    runId: "run-sme",
    config: runConfig(version.id, { source: "sme", file }),
    budget: { capUsd: 20 },
  });
  await service.idle();
  summary = JSON.parse(await readFile(join(home, "runs", "run-sme", "summary.json"), "utf8")) as RunSummaryData;
  report = (await service.report("run-sme")) ?? "";
}, 300_000);

afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe("SME-vs-SME agreement of a run whose label file names two annotators (simulated)", () => {
  it("puts Cohen's kappa between the two SMEs, on the conversations both labelled, in the summary", () => {
    const agreement = summary.overview.labels.smeAgreement;
    expect(summary.overview.labels.source).toBe("sme");
    // The judge is aligned to one label per conversation (ana's, the file's first row for each).
    expect(summary.overview.labels.count).toBe(40);
    expect(agreement?.annotators).toEqual(["ana", "ben"]);
    expect(agreement?.sharedItems).toBe(24);
    const [pair] = agreement?.pairs ?? [];
    expect(pair).toMatchObject({ annotators: ["ana", "ben"], shared: expected.shared, agreed: expected.agreed });
    expect(expected.agreed).toBe(18);
    expect(pair?.kappa).toBeCloseTo(expected.kappa, 10);
    expect(pair?.interval?.lower).toBeLessThan(expected.kappa);
    expect(pair?.interval?.upper).toBeGreaterThan(expected.kappa);
  });

  it("shows the pair in the report's judge section, beside the judge's kappa", () => {
    const pair = summary.overview.labels.smeAgreement?.pairs[0];
    expect(report).toContain('<h3 id="sme-agreement">Agreement between SMEs</h3>');
    expect(report).toContain('data-sme-pair="ana vs ben"');
    expect(report).toContain(`data-metric="overview.labels.smeAgreement.pairs.0.kappa" data-value="${pair?.kappa}"`);
    expect(report).toContain(`data-metric="overview.labels.smeAgreement.pairs.0.shared" data-value="24"`);
    expect(report).toContain("2 annotators");
    // Every number on the page, the new panel's included, equals the summary's.
    expect(mismatchedMetrics(report, JSON.stringify(summary))).toEqual([]);
  });
});
