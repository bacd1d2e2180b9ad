import {
  type ArtifactStore,
  checkArtifactKey,
  checkStoreKey,
  getJson,
  JudgeloopError,
  putJson,
  type WorkflowCheckpoint,
} from "@judgeloop/core";

/**
 * Where a workflow's checkpoints and cancel requests live in an ArtifactStore:
 * `<prefix>/<executionId>/checkpoint.json` (rewritten atomically after every step) and
 * `<prefix>/<executionId>/cancel-requested.json` (written once by `cancel`, from any process).
 *
 * @example
 * const checkpoints = new CheckpointStore(artifacts, "workflows");
 * await checkpoints.save({ executionId: "run-1.judge", status: "running", step: 0, state, jobs: [] });
 */
export class CheckpointStore<S> {
  private readonly artifacts: ArtifactStore;
  private readonly prefix: string;

  constructor(artifacts: ArtifactStore, prefix = "workflows") {
    this.artifacts = artifacts;
    this.prefix = prefix;
  }

  /** Throws unless `executionId` can name both a store key and an artifact path segment. */
  check(executionId: string): void {
    checkStoreKey("executionId", executionId);
    checkArtifactKey(this.key(executionId, "checkpoint.json"));
  }

  async load(executionId: string): Promise<WorkflowCheckpoint<S> | null> {
    const value = await getJson(this.artifacts, this.key(executionId, "checkpoint.json"));
    if (value === null) return null;
    if (!isCheckpoint(value) || value.executionId !== executionId) {
      throw new JudgeloopError("bad_checkpoint", `the checkpoint of execution ${executionId} is not a checkpoint`);
    }
    return value as WorkflowCheckpoint<S>;
  }

  async save(checkpoint: WorkflowCheckpoint<S>): Promise<void> {
    await putJson(this.artifacts, this.key(checkpoint.executionId, "checkpoint.json"), checkpoint);
  }

  async requestCancel(executionId: string, at: string): Promise<void> {
    await putJson(this.artifacts, this.key(executionId, "cancel-requested.json"), { executionId, at });
  }

  async cancelRequested(executionId: string): Promise<boolean> {
    return this.artifacts.exists(this.key(executionId, "cancel-requested.json"));
  }

  private key(executionId: string, file: string): string {
    return `${this.prefix}/${executionId}/${file}`;
  }
}

function isCheckpoint(value: unknown): value is WorkflowCheckpoint {
  if (value === null || typeof value !== "object") return false;
  const candidate = value as Partial<WorkflowCheckpoint>;
  return (
    typeof candidate.executionId === "string" &&
    typeof candidate.status === "string" &&
    typeof candidate.step === "number" &&
    Array.isArray(candidate.jobs)
  );
}
