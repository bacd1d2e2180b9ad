export type { ReadDatasetOptions } from "./data-files.ts";
export { readDatasetSource } from "./data-files.ts";
export { FileArtifactStore } from "./file-artifact-store.ts";
