// The pipeline's state machine: the hand-written ASL from packages/aws, deployed with Pulumi's
// aws.sfn.StateMachine. RunStages plans and collects the run engine's stages in Lambda; each stage
// pass's jobs go through the optimizer's Dispatch/Sweep steps and workers (one job queue), and each
// optimization a stage hands over runs as a nested execution of the optimizer's machine (workflow.ts).
import { pipelineStateMachine } from "../packages/aws/src/asl/index.ts";
import { functionBundling } from "./bundling.ts";
import {
  pipelinePermissions,
  pipelineStateMachinePolicy,
  stateMachineTrustPolicy,
  syncEventsRuleArnBeside,
} from "./policies.ts";
import { accountId, dataArns, jobQueue, jobQueues, settings } from "./queues.ts";
import { providerKeys } from "./secrets.ts";
import { resourceNames, roundWaitEnvironment } from "./settings.ts";
import { storage } from "./storage.ts";
import { optimizer, steps } from "./workflow.ts";

/** Lambda's limit: a stages pass cut short by it is retried, and its repeated LM calls hit the cache. */
const runStagesTimeoutSeconds = 900;

export const runStages = new sst.aws.Function("RunStages", {
  handler: "functions/steps/run-stages.handler",
  nodejs: functionBundling,
  timeout: `${runStagesTimeoutSeconds} seconds`,
  memory: "2048 MB",
  // RunStages sizes each stage round's Dispatch wait from the job queue's backlog and these.
  environment: roundWaitEnvironment(settings),
  link: [storage, jobQueues, ...providerKeys],
  permissions: pipelinePermissions(dataArns),
});

export const pipelineRole = new aws.iam.Role("PipelineRole", {
  description: "Runs the judgeloop pipeline state machine: invokes its steps, runs optimizations as nested executions",
  assumeRolePolicy: $jsonStringify(stateMachineTrustPolicy(accountId)),
});

export const pipelineRolePolicy = new aws.iam.RolePolicy("PipelineRolePolicy", {
  role: pipelineRole.id,
  policy: $jsonStringify(
    pipelineStateMachinePolicy({
      stepFunctions: [runStages.arn, steps.dispatch.arn, steps.sweep.arn, steps["record-failure"].arn],
      optimizer: optimizer.arn,
      optimizerExecutions: dataArns.executions,
      eventsRule: jobQueue.arn.apply(syncEventsRuleArnBeside),
    }),
  ),
});

const definition = $resolve({
  runStages: runStages.arn,
  dispatch: steps.dispatch.arn,
  sweep: steps.sweep.arn,
  recordFailure: steps["record-failure"].arn,
  optimizer: optimizer.arn,
  queueUrl: jobQueue.url,
}).apply(({ runStages, dispatch, sweep, recordFailure, optimizer, queueUrl }) =>
  JSON.stringify(
    pipelineStateMachine({
      functionArns: { "run-stages": runStages, dispatch, sweep, "record-failure": recordFailure },
      optimizerStateMachineArn: optimizer,
      queueUrl,
      stepTimeoutSeconds: runStagesTimeoutSeconds + 30,
    }),
  ),
);

export const pipeline = new aws.sfn.StateMachine(
  "Pipeline",
  {
    name: resourceNames($app.name, $app.stage).pipeline,
    type: "STANDARD",
    roleArn: pipelineRole.arn,
    definition,
  },
  { dependsOn: [pipelineRolePolicy] },
);

/** What the API links to start, watch and cancel pipeline runs. */
export const pipelineLink = new sst.Linkable("Pipeline", {
  properties: { stateMachineArn: pipeline.arn },
});
