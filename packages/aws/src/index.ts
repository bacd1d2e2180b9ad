// Each service's adapters also have their own index (./s3, ./dynamo, ./sqs, ./sfn), so a
// subpath export can load one SDK without the others.

// state machine
export type {
  AslCatcher,
  AslChoiceRule,
  AslChoiceState,
  AslDefinition,
  AslFailState,
  AslPassState,
  AslRetrier,
  AslState,
  AslSucceedState,
  AslTaskState,
  OptimizerStateMachineOptions,
  OptimizerStep,
  PipelineStateMachineOptions,
  PipelineStep,
} from "./asl/index.ts";
export {
  lambdaInvoke,
  lambdaInvokeWaitForToken,
  lambdaServiceErrors,
  optimizerStateMachine,
  optimizerSteps,
  optimizerTaskStates,
  pipelineOptimizeState,
  pipelineStateMachine,
  pipelineSteps,
  pipelineTaskStates,
  runFailedError,
  startExecutionSync,
  transientHandlerErrors,
} from "./asl/index.ts";
export { awsErrorName, isAwsError } from "./aws-errors.ts";
export type { AwsClientOptions, AwsClients } from "./clients.ts";
export { awsClients } from "./clients.ts";
// DynamoDB
export type {
  DynamoBudgetLedgerOptions,
  DynamoCacheStoreOptions,
  DynamoRunAdmissionOptions,
  DynamoRunStoreOptions,
} from "./dynamo/index.ts";
export {
  createJudgeloopTable,
  DynamoBudgetLedger,
  DynamoCacheStore,
  DynamoRunAdmission,
  DynamoRunStore,
  tableKeys,
} from "./dynamo/index.ts";
export type { AdapterLogger } from "./logger.ts";
// nightly
export type { DynamoModelRegistryOptions } from "./nightly/index.ts";
export { DynamoModelRegistry } from "./nightly/index.ts";
// S3
export type { S3ArtifactStoreOptions } from "./s3/index.ts";
export { isScratchKey, S3ArtifactStore, scratchFolder } from "./s3/index.ts";
// Step Functions
export type {
  ExecutionProgress,
  SfnWorkflowDriverOptions,
  TaskFailure,
  TokenSendResult,
} from "./sfn/index.ts";
export { SfnTaskTokens, SfnWorkflowDriver, workflowStatusOf } from "./sfn/index.ts";
// SQS
export type {
  CreateJobQueuesOptions,
  JobQueueUrls,
  SqsBatchResponse,
  SqsJobQueueOptions,
  SqsRecordLike,
} from "./sqs/index.ts";
export {
  chunkMessages,
  createJobQueues,
  decodeJobMessage,
  deliveryFromRecord,
  SqsJobQueue,
  sqsMaxBatchEntries,
  sqsMaxMessageBytes,
  toBatchItemFailures,
} from "./sqs/index.ts";
