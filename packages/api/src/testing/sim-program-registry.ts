import { type ArtifactStore, getJson, JudgeloopError, putJson } from "@judgeloop/core";
import type { ProgramVersion, ProgramVersions, PromoteResult } from "../run-service.ts";

interface StoredVersion {
  version: string;
  createdAt: string;
  runId: string;
  score: number | null;
}

/**
 * Program versions and champions kept in an ArtifactStore (`programs/<name>/versions/<v>.json`,
 * `programs/<name>/champion.json`): the program half of SimRunService.
 *
 * @example
 * const registry = new SimProgramRegistry(artifacts, () => new Date());
 * await registry.save("airline-support", { version: "run-1", runId: "run-1", score: 0.7 });
 */
export class SimProgramRegistry {
  private readonly artifacts: ArtifactStore;
  private readonly now: () => Date;

  constructor(artifacts: ArtifactStore, now: () => Date) {
    this.artifacts = artifacts;
    this.now = now;
  }

  async save(name: string, version: Omit<StoredVersion, "createdAt">): Promise<void> {
    const stored: StoredVersion = { ...version, createdAt: this.now().toISOString() };
    await putJson(this.artifacts, `programs/${name}/versions/${version.version}.json`, stored);
  }

  async versions(name: string): Promise<ProgramVersions | null> {
    const keys = await this.artifacts.list(`programs/${name}/versions/`);
    if (keys.length === 0) return null;
    const champion = await this.champion(name);
    const stored = await Promise.all(keys.map(async (key) => (await getJson(this.artifacts, key)) as StoredVersion));
    const versions = stored
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
      .map((v): ProgramVersion => ({ ...v, champion: v.version === champion }));
    return { name, champion, versions };
  }

  async promote(name: string, version: string): Promise<PromoteResult> {
    const listed = await this.versions(name);
    if (listed === null) throw new JudgeloopError("program_not_found", `no program ${name}`);
    if (!listed.versions.some((v) => v.version === version)) {
      throw new JudgeloopError("program_version_not_found", `program ${name} has no version ${version}`);
    }
    await putJson(this.artifacts, `programs/${name}/champion.json`, { version });
    return { name, champion: version, previous: listed.champion };
  }

  private async champion(name: string): Promise<string | null> {
    const stored = (await getJson(this.artifacts, `programs/${name}/champion.json`)) as { version?: string } | null;
    return stored?.version ?? null;
  }
}
