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
} from "./asl-types.ts";
export { lambdaInvoke, lambdaInvokeWaitForToken, lambdaServiceErrors, transientHandlerErrors } from "./lambda-task.ts";
export type { OptimizerStateMachineOptions, OptimizerStep } from "./optimizer-state-machine.ts";
export {
  optimizerStateMachine,
  optimizerSteps,
  optimizerTaskStates,
  runFailedError,
} from "./optimizer-state-machine.ts";
export type { PipelineStateMachineOptions, PipelineStep } from "./pipeline-state-machine.ts";
export {
  defaultOptimizeTimeoutSeconds,
  pipelineOptimizeState,
  pipelineStateMachine,
  pipelineSteps,
  pipelineTaskStates,
  startExecutionSync,
} from "./pipeline-state-machine.ts";
