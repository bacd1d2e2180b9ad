export type { DynamoModelRegistryOptions } from "./dynamo-model-registry.ts";
export { DynamoModelRegistry } from "./dynamo-model-registry.ts";
