// Every IAM grant the stacks make, as plain data. The stacks pass Pulumi outputs as the
// resource type `R`; tests/infra passes strings and checks the same objects are least
// privilege. Pure: no SST or Pulumi globals.

/** One IAM statement in the shape SST's Function `permissions` takes. */
export interface Permission<R> {
  effect: "allow";
  actions: string[];
  resources: R[];
}

/** The ARNs functions are granted access to: each an exact resource, nothing account-wide. */
export interface DataArns<R> {
  /** The artifact bucket itself (ListBucket). */
  bucket: R;
  /** Every object in that bucket: `<bucket arn>/*`. */
  bucketObjects: R;
  table: R;
  /** The table's `gsi1` index (the run listing). */
  tableIndex: R;
  jobQueue: R;
  deadLetterQueue: R;
  stateMachine: R;
  /** Executions of that state machine only: `arn:…:execution:<machine>:*`. */
  executions: R;
  /** The pipeline's state machine, which runs whole pipeline runs. */
  pipeline: R;
  /** Executions of the pipeline's state machine only. */
  pipelineExecutions: R;
}

const allow = <R>(actions: string[], resources: R[]): Permission<R> => ({ effect: "allow", actions, resources });

// Object reads and writes plus listing (S3ArtifactStore: Put/Get/HeadObject, ListObjectsV2).
const artifactAccess = <R>(arns: DataArns<R>) => [
  allow(["s3:GetObject", "s3:PutObject"], [arns.bucketObjects]),
  allow(["s3:ListBucket"], [arns.bucket]),
];

// What the Dynamo adapters call; no transactions, no table administration.
const tableAccess = <R>(arns: DataArns<R>) => [
  allow(
    [
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:Query",
      "dynamodb:Scan",
      "dynamodb:BatchGetItem",
    ],
    [arns.table],
  ),
  allow(["dynamodb:Query"], [arns.tableIndex]),
];

// SendTaskSuccess/Failure authorize against the state machine whose task issued the token: the
// optimizer's rounds and the pipeline's stage rounds both wait on tokens the workers send.
const taskTokenAccess = <R>(arns: DataArns<R>) =>
  allow(
    ["states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"],
    [arns.stateMachine, arns.pipeline],
  );

/**
 * The HTTP API: datasets and reports in S3, runs in DynamoDB, and starting, watching,
 * cancelling and redriving executions of the pipeline and optimizer state machines.
 *
 * @example
 * new sst.aws.Function("Api", { handler: "functions/api.handler", permissions: apiPermissions(arns) });
 */
export function apiPermissions<R>(arns: DataArns<R>): Permission<R>[] {
  return [
    ...artifactAccess(arns),
    ...tableAccess(arns),
    allow(["states:StartExecution"], [arns.pipeline, arns.stateMachine]),
    allow(
      ["states:DescribeExecution", "states:StopExecution", "states:RedriveExecution"],
      [arns.pipelineExecutions, arns.executions],
    ),
  ];
}

/**
 * The pipeline's RunStages function: the run engine's stages read datasets and write reports
 * in S3 and keep the run, its ledger and the LM cache in DynamoDB. Optimizations run on the
 * optimizer's machine, which the pipeline's role starts, so it needs no queue access.
 *
 * @example
 * new sst.aws.Function("RunStages", { handler: "functions/steps/run-stages.handler", permissions: pipelinePermissions(arns) });
 */
export function pipelinePermissions<R>(arns: DataArns<R>): Permission<R>[] {
  // GetQueueAttributes only: a stage round's Dispatch wait is sized by the queue's backlog.
  return [...artifactAccess(arns), ...tableAccess(arns), allow(["sqs:GetQueueAttributes"], [arns.jobQueue])];
}

/**
 * The queue worker: reads inputs and writes results, and sends a candidate's task token when
 * it completes its last job. Receiving and deleting messages is granted by the queue
 * subscription itself (on the job queue only).
 *
 * @example
 * queue.subscribe({ handler: "functions/worker.handler", permissions: workerPermissions(arns) });
 */
export function workerPermissions<R>(arns: DataArns<R>): Permission<R>[] {
  return [...artifactAccess(arns), ...tableAccess(arns), taskTokenAccess(arns)];
}

/**
 * The state-machine steps: run state in S3 and DynamoDB, enqueueing a round's jobs (Dispatch)
 * and re-enqueueing missing ones (Sweep; SendMessage covers SendMessageBatch), reading dead
 * letters for the run report, and settling a round's task token.
 *
 * @example
 * new sst.aws.Function("Observe", { handler: "functions/steps/observe.handler", permissions: stepPermissions(arns) });
 */
export function stepPermissions<R>(arns: DataArns<R>): Permission<R>[] {
  return [
    ...artifactAccess(arns),
    ...tableAccess(arns),
    allow(["sqs:SendMessage", "sqs:GetQueueAttributes"], [arns.jobQueue]),
    allow(
      ["sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:DeleteMessage"],
      [arns.deadLetterQueue],
    ),
    taskTokenAccess(arns),
  ];
}

/**
 * The nightly model watch: the model registry and program versions, and starting and
 * watching re-optimization executions.
 *
 * @example
 * new sst.aws.CronV2("Nightly", { function: { handler: "functions/nightly.handler", permissions: nightlyPermissions(arns) } });
 */
export function nightlyPermissions<R>(arns: DataArns<R>): Permission<R>[] {
  return [
    ...artifactAccess(arns),
    ...tableAccess(arns),
    allow(["states:StartExecution"], [arns.stateMachine]),
    allow(["states:DescribeExecution"], [arns.executions]),
  ];
}

/** An IAM policy document (the JSON IAM stores). */
export interface PolicyDocument<R> {
  Version: "2012-10-17";
  Statement: Array<{
    Sid: string;
    Effect: "Allow";
    Principal?: { Service: string };
    Action: string[];
    Resource?: R[];
    Condition?: Record<string, Record<string, R>>;
  }>;
}

/**
 * The state machine role's policy: invoke exactly the step functions, nothing else. The ASL
 * reaches SQS only through its Dispatch and Sweep functions, so the role needs no queue access.
 * Task states name the functions by unqualified ARN, which is what this grants.
 *
 * @example
 * new aws.iam.RolePolicy("OptimizerPolicy", { role: role.id, policy: $jsonStringify(stateMachinePolicy(arns)) });
 */
export function stateMachinePolicy<R>(arns: { stepFunctions: R[] }): PolicyDocument<R> {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "InvokeSteps", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [...arns.stepFunctions] },
    ],
  };
}

/**
 * The pipeline role's policy: invoke its step functions, and run the optimizer's machine as a
 * nested execution (`states:startExecution.sync:2`): start it, watch and stop its executions,
 * and manage the EventBridge rule Step Functions uses to hear that they ended.
 *
 * @example
 * new aws.iam.RolePolicy("PipelinePolicy", { role: role.id, policy: $jsonStringify(pipelineStateMachinePolicy(arns)) });
 */
export function pipelineStateMachinePolicy<R>(arns: {
  stepFunctions: R[];
  optimizer: R;
  optimizerExecutions: R;
  eventsRule: R;
}): PolicyDocument<R> {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "InvokeSteps", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [...arns.stepFunctions] },
      { Sid: "StartOptimizations", Effect: "Allow", Action: ["states:StartExecution"], Resource: [arns.optimizer] },
      {
        Sid: "WatchOptimizations",
        Effect: "Allow",
        Action: ["states:DescribeExecution", "states:StopExecution"],
        Resource: [arns.optimizerExecutions],
      },
      {
        Sid: "HearOptimizationsEnd",
        Effect: "Allow",
        Action: ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
        Resource: [arns.eventsRule],
      },
    ],
  };
}

/**
 * The EventBridge rule Step Functions manages for `.sync` executions of other state machines,
 * in the same partition, region and account as another regional resource.
 *
 * @example
 * syncEventsRuleArnBeside("arn:aws:sqs:eu-west-1:123456789012:jobs");
 * // "arn:aws:events:eu-west-1:123456789012:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"
 */
export function syncEventsRuleArnBeside(regionalArn: string): string {
  const { partition, region, account } = arnFields(regionalArn);
  return `arn:${partition}:events:${region}:${account}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule`;
}

/**
 * Who may assume the state machine role: Step Functions, on behalf of this account only (the
 * `aws:SourceAccount` condition stops another account's state machine from using it).
 *
 * @example
 * new aws.iam.Role("OptimizerRole", { assumeRolePolicy: $jsonStringify(stateMachineTrustPolicy(accountId)) });
 */
export function stateMachineTrustPolicy<R>(accountId: R): PolicyDocument<R> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "StepFunctionsOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "states.amazonaws.com" },
        Action: ["sts:AssumeRole"],
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  };
}

/**
 * How the artifact bucket is locked down: versioned, HTTPS only, SSE-S3 encrypted, and every
 * public-access switch on (no public ACL or policy can take effect).
 */
export const bucketProtection = {
  versioning: true,
  enforceHttps: true,
  publicAccessBlock: {
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  },
  encryption: { sseAlgorithm: "AES256", bucketKeyEnabled: true },
} as const;

/** `arn:partition:service:region:account:…` split into its fixed fields. */
function arnFields(arn: string): { partition: string; region: string; account: string } {
  const [prefix, partition, , region, account] = arn.split(":");
  if (prefix !== "arn" || !partition || !region || !account) {
    throw new Error(`"${arn}" is not a regional ARN (arn:partition:service:region:account:resource)`);
  }
  return { partition, region, account };
}

/**
 * The ARN a state machine named `name` gets in the same partition, region and account as
 * another regional resource (the job queue). Lets the worker be granted task-token calls on
 * the state machine before it exists, without a lookup.
 *
 * @example
 * stateMachineArnBeside("arn:aws:sqs:eu-west-1:123456789012:jobs", "judgeloop-prod-optimizer");
 * // "arn:aws:states:eu-west-1:123456789012:stateMachine:judgeloop-prod-optimizer"
 */
export function stateMachineArnBeside(regionalArn: string, name: string): string {
  const { partition, region, account } = arnFields(regionalArn);
  return `arn:${partition}:states:${region}:${account}:stateMachine:${name}`;
}

/**
 * The ARN pattern of one state machine's executions (execution names are only known at run
 * time, so this is the narrowest resource DescribeExecution and friends accept).
 *
 * @example
 * executionsArnOf("arn:aws:states:eu-west-1:123456789012:stateMachine:m"); // "arn:aws:states:eu-west-1:123456789012:execution:m:*"
 */
export function executionsArnOf(stateMachineArn: string): string {
  const { partition, region, account } = arnFields(stateMachineArn);
  const name = stateMachineArn.split(":stateMachine:")[1];
  if (!name) throw new Error(`"${stateMachineArn}" is not a state machine ARN`);
  return `arn:${partition}:states:${region}:${account}:execution:${name}:*`;
}

/**
 * The account id in a regional ARN.
 *
 * @example
 * accountOf("arn:aws:sqs:eu-west-1:123456789012:jobs"); // "123456789012"
 */
export function accountOf(regionalArn: string): string {
  return arnFields(regionalArn).account;
}

/** `<bucket arn>/*`: every object of that bucket and nothing else. */
export const bucketObjectsArnOf = (bucketArn: string): string => `${bucketArn}/*`;

/** The ARN of one index of a table. */
export const tableIndexArnOf = (tableArn: string, index: string): string => `${tableArn}/index/${index}`;
