// data files and artifacts
export type { ReadDatasetOptions } from "./data-files.ts";
export { readDatasetSource } from "./data-files.ts";
export { FileArtifactStore } from "./file-artifact-store.ts";

// LM composition root
export type { LMFactory, LMFactoryOptions, ProviderEnv } from "./lm-factory.ts";
export { createLMFactory, providerEnv } from "./lm-factory.ts";

// simulator server
export type { SimServer, SimServerOptions, SimServerStats } from "./sim-server.ts";
export { createSimApp, parseChatRequest, startSimServer } from "./sim-server.ts";
