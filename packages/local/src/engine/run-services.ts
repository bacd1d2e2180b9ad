import { stat } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
import {
  type ArtifactStore,
  checkRows,
  conversationSchema,
  DatasetError,
  JudgeloopError,
  loadDatasetVersion,
  loadLanguageDetector,
  loadRows,
  loadSmeLabels,
  type OptimizationRequest,
  type RunInput,
  type RunServices,
  type RunSummaryData,
} from "@judgeloop/core";
import { writeReport } from "@judgeloop/report";
import { readDatasetSource } from "../data-files.ts";

export interface LocalServicesOptions {
  /** Where the run's report goes: `<home>/runs/<runId>/`. */
  runDir: string;
  /** Where `dataset:<id>` inputs (datasets uploaded through the API) are read from. */
  artifacts?: ArtifactStore;
  optimize: (request: OptimizationRequest) => ReturnType<RunServices["optimize"]>;
}

/**
 * The file-system side of a pipeline run on this machine: conversations and SME labels read
 * from files named in the config (relative to the config file), the report written under the
 * run's directory.
 *
 * @example
 * const services = localRunServices({ runDir: join(home, "runs", runId), optimize });
 */
export function localRunServices(options: LocalServicesOptions): RunServices {
  return {
    async loadConversations(input: RunInput) {
      const { data } = input.config;
      const stored = storedDatasetId(data.input);
      if (stored !== undefined) return storedConversations(options.artifacts, stored);
      const path = relativeToConfig(input, data.input);
      const source = await readDatasetSource(path, {
        ...(data.format !== undefined && { format: data.format }),
        ...(data.split !== undefined && { split: data.split }),
      });
      return {
        rows: loadRows(source, { schema: conversationSchema, map: data.map }),
        source: { format: source.format, map: data.map },
      };
    },
    async loadSmeLabels(input: RunInput, ids: readonly string[]) {
      const file = relativeToConfig(input, input.config.labels.file ?? "");
      const source = await readDatasetSource(file);
      const labels = loadSmeLabels(source, ids);
      return { labels, provenance: { source: "sme" } };
    },
    languageDetector: () => loadLanguageDetector(),
    optimize: options.optimize,
    async writeReport(summary: RunSummaryData) {
      return writeReport(summary, options.runDir);
    },
  };
}

/**
 * Checks, before a run is created, that the files the config names exist, so a typo fails
 * with the key and path instead of as a failed run.
 *
 * @example
 * await checkInputFiles(input); // throws bad_config naming data.input
 */
export async function checkInputFiles(input: RunInput): Promise<void> {
  const files: [string, string | undefined][] = [
    ["data.input", input.config.data.input],
    ["labels.file", input.config.labels.source === "sme" ? input.config.labels.file : undefined],
  ];
  for (const [key, path] of files) {
    if (path === undefined || storedDatasetId(path) !== undefined) continue;
    const resolved = relativeToConfig(input, path);
    if ((await stat(resolved).catch(() => null)) === null) {
      const where = input.configFile === null ? "" : ` in ${input.configFile}`;
      throw new JudgeloopError("bad_config", `${key}${where}: ${resolved} does not exist`);
    }
  }
}

/**
 * The id in a `dataset:<id>` input (a dataset version in the artifact store), if it is one.
 *
 * @example
 * storedDatasetId("dataset:3f2a"); // "3f2a"
 */
export function storedDatasetId(input: string): string | undefined {
  return input.startsWith(storedPrefix) ? input.slice(storedPrefix.length) : undefined;
}

const storedPrefix = "dataset:";

/** Conversations from a stored dataset version, checked like a conversations file. */
async function storedConversations(artifacts: ArtifactStore | undefined, id: string) {
  if (!artifacts) throw new JudgeloopError("dataset_not_found", `no artifact store to read dataset ${id} from`);
  const version = await loadDatasetVersion(artifacts, id);
  const located = version.rows.map((values, index) => ({ values, row: index + 1 }));
  const checked = checkRows({ file: `dataset ${id}`, rows: located, problems: [] }, conversationSchema);
  if (checked.problems.length > 0) throw new DatasetError(checked.problems);
  return { rows: checked.rows, source: { format: "jsonl" as const, map: {} } };
}

/**
 * A path from the config, which is relative to the config file's directory.
 *
 * @example
 * relativeToConfig({ configFile: "/x/judgeloop.config.json" }, "conversations.jsonl"); // "/x/conversations.jsonl"
 */
export function relativeToConfig(input: Pick<RunInput, "configFile">, path: string): string {
  return isAbsolute(path) || input.configFile === null ? path : join(dirname(input.configFile), path);
}
