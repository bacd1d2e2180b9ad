export type { ExecutionProgress } from "./execution-status.ts";
export { workflowStatusOf } from "./execution-status.ts";
export type { TaskFailure, TokenSendResult } from "./sfn-task-tokens.ts";
export { SfnTaskTokens } from "./sfn-task-tokens.ts";
export type { SfnWorkflowDriverOptions } from "./sfn-workflow-driver.ts";
export { SfnWorkflowDriver } from "./sfn-workflow-driver.ts";
