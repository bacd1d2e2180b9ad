import { stat } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
import {
  type ArtifactStore,
  conversationSchema,
  dataInputOf,
  JudgeloopError,
  loadLanguageDetector,
  loadRows,
  loadStoredConversations,
  loadStoredSeeds,
  loadStoredSmeLabels,
  type OptimizationRequest,
  parseSeedQuestions,
  type RunInput,
  type RunServices,
  type RunSummaryData,
  readSmeLabels,
  type SeedQuestion,
  seedFileHash,
  storedDatasetId,
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
      const file = dataInputOf(data, "loading conversations");
      const stored = storedDatasetId(file);
      if (stored !== undefined) return loadStoredConversations(requireArtifacts(options.artifacts, stored), stored);
      const path = relativeToConfig(input, file);
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
      const stored = storedDatasetId(input.config.labels.file ?? "");
      if (stored !== undefined) {
        const read = await loadStoredSmeLabels(requireArtifacts(options.artifacts, stored), stored, ids);
        return { ...read, provenance: { source: "sme" as const } };
      }
      const file = relativeToConfig(input, input.config.labels.file ?? "");
      const source = await readDatasetSource(file);
      return { ...readSmeLabels(source, ids), provenance: { source: "sme" } };
    },
    async loadSeeds(input: RunInput) {
      const stored = storedDatasetId(input.config.data.synthesize?.seeds ?? "");
      if (stored !== undefined) return loadStoredSeeds(requireArtifacts(options.artifacts, stored), stored);
      return readSeedFile(input);
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
    ["data.synthesize.seeds", input.config.data.synthesize?.seeds],
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
 * The seed questions `data.synthesize.seeds` names (relative to the config file), with the
 * file's sha256 for the synthesized dataset's lineage.
 *
 * @example
 * const { seeds, sha256 } = await readSeedFile(input);
 */
export async function readSeedFile(input: RunInput): Promise<{ seeds: SeedQuestion[]; file: string; sha256: string }> {
  const file = input.config.data.synthesize?.seeds;
  if (file === undefined) throw new JudgeloopError("bad_config", "the config has no data.synthesize.seeds");
  const source = await readDatasetSource(relativeToConfig(input, file));
  if (source.format === "arrow") {
    throw new JudgeloopError("bad_config", `data.synthesize.seeds: ${file} is not a .csv or .jsonl file`);
  }
  return { seeds: parseSeedQuestions(source), file, sha256: seedFileHash(source.text) };
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

function requireArtifacts(artifacts: ArtifactStore | undefined, id: string): ArtifactStore {
  if (!artifacts) throw new JudgeloopError("dataset_not_found", `no artifact store to read dataset ${id} from`);
  return artifacts;
}
