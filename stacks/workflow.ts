// The optimizer's state machine: the hand-written ASL object from packages/aws, deployed with
// Pulumi's aws.sfn.StateMachine (SST's JSONata builders cannot run locally), one Lambda
// function per step, and a role that can invoke exactly those functions.
import { type OptimizerStep, optimizerStateMachine, optimizerSteps } from "../packages/aws/src/asl/index.ts";
import { functionBundling } from "./bundling.ts";
import { stateMachinePolicy, stateMachineTrustPolicy, stepPermissions } from "./policies.ts";
import { accountId, dataArns, jobQueue, jobQueues, settings } from "./queues.ts";
import { providerKeys } from "./secrets.ts";
import { resourceNames, roundWaitEnvironment } from "./settings.ts";
import { storage } from "./storage.ts";

// "record-failure" → "RecordFailure": component names are PascalCase identifiers.
const pascal = (step: string) => step.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());

function stepFunction(step: OptimizerStep) {
  return new sst.aws.Function(`Step${pascal(step)}`, {
    handler: `functions/steps/${step}.handler`,
    nodejs: functionBundling,
    timeout: `${settings.stepTimeoutSeconds} seconds`,
    memory: "1024 MB",
    // Suggest and Sweep size each round's Dispatch wait from these (functions/optimizer/round-wait.ts).
    environment: roundWaitEnvironment(settings),
    link: [storage, jobQueues, ...providerKeys],
    permissions: stepPermissions(dataArns),
  });
}

/** One function per step of the ASL (`functions/steps/<step>.ts`), by step name. */
export const steps = Object.fromEntries(optimizerSteps.map((step) => [step, stepFunction(step)])) as Record<
  OptimizerStep,
  sst.aws.Function
>;

const stepArns = Object.fromEntries(optimizerSteps.map((step) => [step, steps[step].arn])) as Record<
  OptimizerStep,
  $util.Output<string>
>;

export const optimizerRole = new aws.iam.Role("OptimizerRole", {
  description: "Runs the judgeloop optimizer state machine: invokes its step functions",
  assumeRolePolicy: $jsonStringify(stateMachineTrustPolicy(accountId)),
});

export const optimizerRolePolicy = new aws.iam.RolePolicy("OptimizerRolePolicy", {
  role: optimizerRole.id,
  policy: $jsonStringify(stateMachinePolicy({ stepFunctions: Object.values(stepArns) })),
});

const definition = $resolve({ functionArns: $resolve(stepArns), queueUrl: jobQueue.url }).apply(
  ({ functionArns, queueUrl }) =>
    JSON.stringify(
      optimizerStateMachine({
        functionArns,
        queueUrl,
        // The Task gives up half a minute after the function's own timeout would have ended it.
        stepTimeoutSeconds: settings.stepTimeoutSeconds + 30,
      }),
    ),
);

/** Standard type: executions run up to a year and keep a full history. */
export const optimizer = new aws.sfn.StateMachine(
  "Optimizer",
  {
    name: resourceNames($app.name, $app.stage).stateMachine,
    type: "STANDARD",
    roleArn: optimizerRole.arn,
    definition,
  },
  { dependsOn: [optimizerRolePolicy] },
);

/** What functions link to start and watch executions. */
export const workflow = new sst.Linkable("Workflow", {
  properties: { stateMachineArn: optimizer.arn },
});
