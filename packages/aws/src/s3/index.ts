export { isScratchKey, scratchFolder } from "./retention.ts";
export type { S3ArtifactStoreOptions } from "./s3-artifact-store.ts";
export { S3ArtifactStore } from "./s3-artifact-store.ts";
