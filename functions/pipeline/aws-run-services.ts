import {
  type ArtifactStore,
  dataInputOf,
  loadLanguageDetector,
  loadStoredConversations,
  loadStoredSeeds,
  loadStoredSmeLabels,
  putText,
  type RunRecord,
  type RunServices,
  type RunStore,
  requireStoredDataset,
  StageJobsPending,
} from "@judgeloop/core";
import { buildReport, reportFileName, summaryFileName } from "@judgeloop/report";
import { optimizeAsRun } from "./optimization-runs.ts";

/**
 * S3 keys of a pipeline run's report, which GET /v1/runs/{id}/report serves.
 *
 * @example
 * pipelineReportKeys("run-1").html; // "runs/run-1/report.html"
 */
export function pipelineReportKeys(runId: string): { html: string; summary: string } {
  return { html: `runs/${runId}/${reportFileName}`, summary: `runs/${runId}/${summaryFileName}` };
}

/**
 * What a pipeline's stages need from AWS: conversations, seed questions (`data.synthesize`) and
 * SME labels from datasets uploaded to S3 (`dataset:<id>`; a Lambda has no files of the caller's), each optimization handed to an
 * optimize run of its own (see optimizeAsRun), each stage pass's jobs handed to the pipeline
 * machine, which dispatches them to the SQS workers (StageJobsPending), and the report written to S3.
 *
 * @example
 * const services = awsRunServices({ artifacts, runStore, now }, run);
 */
export function awsRunServices(
  deps: { artifacts: ArtifactStore; runStore: RunStore; now: () => Date },
  run: RunRecord,
): RunServices {
  return {
    loadConversations: (input) =>
      loadStoredConversations(
        deps.artifacts,
        requireStoredDataset("data.input", dataInputOf(input.config.data, "an AWS run")),
      ),
    async loadSmeLabels(input, ids) {
      const id = requireStoredDataset("labels.file", input.config.labels.file ?? "");
      return { ...(await loadStoredSmeLabels(deps.artifacts, id, ids)), provenance: { source: "sme" } };
    },
    loadSeeds: (input) =>
      loadStoredSeeds(
        deps.artifacts,
        requireStoredDataset("data.synthesize.seeds", input.config.data.synthesize?.seeds ?? ""),
      ),
    languageDetector: () => loadLanguageDetector(),
    optimize: (request) => optimizeAsRun(deps, run, request),
    runStageJobs: async (request) => {
      throw new StageJobsPending(request.round);
    },
    async writeReport(summary) {
      const built = await buildReport(summary);
      const keys = pipelineReportKeys(run.id);
      await putText(deps.artifacts, keys.summary, built.summaryJson);
      await putText(deps.artifacts, keys.html, built.html);
      return { htmlPath: keys.html, summaryPath: keys.summary };
    },
  };
}
