import type { ProgramVersions, PromoteResult } from "@judgeloop/api";
import { type ArtifactStore, getJson, JudgeloopError, type ProgramState, putJson } from "@judgeloop/core";
import { z } from "zod";
import type { OptimizeSpec } from "../optimizer/run-spec.ts";

/** How a watched program is re-optimized and judged: its data, metric and proposer. */
export interface ProgramRecipe {
  trainsetKey: string;
  valsetKey?: string;
  /** The examples champion and challenger are compared on; never used for optimizing. */
  holdoutKey: string;
  metric: OptimizeSpec["metric"];
  proposerModel: string;
  optimizer?: OptimizeSpec["optimizer"];
  /** McNemar's significance level for a promotion; default 0.05. */
  alpha?: number;
}

/** A named program as stored: its versions, which one serves, and its recipe. */
export interface ProgramEntry extends ProgramVersions {
  recipe: ProgramRecipe;
}

const entrySchema = z.object({
  name: z.string(),
  champion: z.string().nullable(),
  versions: z.array(z.looseObject({ version: z.string(), createdAt: z.string(), champion: z.boolean() })),
  recipe: z.looseObject({ trainsetKey: z.string(), holdoutKey: z.string(), proposerModel: z.string() }),
});

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._=-]{0,99}$/;

/**
 * Named programs in the artifact bucket: `programs/<name>/registry.json` (versions, champion,
 * recipe) and `programs/<name>/versions/<version>.json` (each version's ProgramState). What the
 * API's program routes read and the nightly job promotes through. Writes are read-modify-write
 * of one small object; promotions are rare and come from one nightly invocation at a time.
 *
 * @example
 * const programs = new S3ProgramRegistry(artifacts);
 * await programs.promote("support", "v2");
 */
export class S3ProgramRegistry {
  private readonly artifacts: ArtifactStore;

  constructor(artifacts: ArtifactStore) {
    this.artifacts = artifacts;
  }

  /** The key of a version's ProgramState. */
  static versionKey(name: string, version: string): string {
    return `programs/${name}/versions/${version}.json`;
  }

  async entry(name: string): Promise<ProgramEntry | null> {
    checkName(name);
    const stored = await getJson(this.artifacts, registryKey(name));
    if (stored === null) return null;
    const parsed = entrySchema.safeParse(stored);
    if (!parsed.success) throw new JudgeloopError("bad_artifact", `${registryKey(name)} is not a program registry`);
    return stored as ProgramEntry;
  }

  async versions(name: string): Promise<ProgramVersions | null> {
    const entry = await this.entry(name);
    if (entry === null) return null;
    const { recipe: _recipe, ...versions } = entry;
    return versions;
  }

  /** Creates a program with its first version as champion (tests and setup scripts). */
  async create(name: string, recipe: ProgramRecipe, first: { state: ProgramState; createdAt: string }): Promise<void> {
    checkName(name);
    await putJson(this.artifacts, S3ProgramRegistry.versionKey(name, "v1"), first.state);
    const entry: ProgramEntry = {
      name,
      champion: "v1",
      versions: [{ version: "v1", createdAt: first.createdAt, champion: true }],
      recipe,
    };
    await putJson(this.artifacts, registryKey(name), entry);
  }

  async programState(name: string, version: string): Promise<ProgramState> {
    const state = await getJson(this.artifacts, S3ProgramRegistry.versionKey(name, version));
    if (state === null)
      throw new JudgeloopError("program_version_not_found", `program ${name} has no version ${version}`);
    return state as ProgramState;
  }

  /** Adds the program a run produced as a new version (once per run) and returns its name. */
  async addVersion(
    name: string,
    added: { state: ProgramState; createdAt: string; runId: string; score: number | null },
  ): Promise<string> {
    const entry = await this.requireEntry(name);
    const existing = entry.versions.find((version) => version.runId === added.runId);
    if (existing) return existing.version;
    const version = `v${entry.versions.length + 1}`;
    await putJson(this.artifacts, S3ProgramRegistry.versionKey(name, version), added.state);
    const { createdAt, runId, score } = added;
    entry.versions.push({ version, createdAt, runId, score, champion: false });
    await putJson(this.artifacts, registryKey(name), entry);
    return version;
  }

  async promote(name: string, version: string): Promise<PromoteResult> {
    const entry = await this.requireEntry(name);
    if (!entry.versions.some((v) => v.version === version)) {
      throw new JudgeloopError("program_version_not_found", `program ${name} has no version ${version}`);
    }
    const previous = entry.champion;
    entry.champion = version;
    entry.versions = entry.versions.map((v) => ({ ...v, champion: v.version === version }));
    await putJson(this.artifacts, registryKey(name), entry);
    return { name, champion: version, previous };
  }

  private async requireEntry(name: string): Promise<ProgramEntry> {
    const entry = await this.entry(name);
    if (entry === null) throw new JudgeloopError("program_not_found", `no program ${name}`);
    return entry;
  }
}

function registryKey(name: string): string {
  return `programs/${name}/registry.json`;
}

function checkName(name: string): void {
  if (!namePattern.test(name)) {
    throw new JudgeloopError("bad_program_name", "a program name is 1-100 letters, digits, '.', '_', '=' or '-'");
  }
}
