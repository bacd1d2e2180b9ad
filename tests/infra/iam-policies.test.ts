import { describe, expect, it } from "vitest";
import {
  accountOf,
  apiPermissions,
  bucketObjectsArnOf,
  bucketProtection,
  type DataArns,
  executionsArnOf,
  nightlyPermissions,
  type Permission,
  pipelinePermissions,
  pipelineStateMachinePolicy,
  stateMachineArnBeside,
  stateMachinePolicy,
  stateMachineTrustPolicy,
  stepPermissions,
  syncEventsRuleArnBeside,
  tableIndexArnOf,
  workerPermissions,
} from "../../stacks/policies.ts";

// ARNs shaped like the ones a deploy produces, so the policies are checked as synthesized.
const bucket = "arn:aws:s3:::judgeloop-prod-artifactbucket-x1y2z3";
const table = "arn:aws:dynamodb:eu-west-1:123456789012:table/judgeloop-prod-RunTableTable-abcd";
const jobQueue = "arn:aws:sqs:eu-west-1:123456789012:judgeloop-prod-JobQueueQueue-efgh";
const stateMachine = stateMachineArnBeside(jobQueue, "judgeloop-prod-optimizer");
const pipeline = stateMachineArnBeside(jobQueue, "judgeloop-prod-pipeline");
const eventsRule = syncEventsRuleArnBeside(jobQueue);
const arns: DataArns<string> = {
  bucket,
  bucketObjects: bucketObjectsArnOf(bucket),
  table,
  tableIndex: tableIndexArnOf(table, "gsi1"),
  jobQueue,
  deadLetterQueue: "arn:aws:sqs:eu-west-1:123456789012:judgeloop-prod-JobDeadLetterQueueQueue-ijkl",
  stateMachine,
  executions: executionsArnOf(stateMachine),
  pipeline,
  pipelineExecutions: executionsArnOf(pipeline),
};
const stepFunctionArns = ["prepare", "observe", "run-stages"].map(
  (step) => `arn:aws:lambda:eu-west-1:123456789012:function:judgeloop-prod-Step${step}Function-mnop`,
);

const functionPolicies: Record<string, Permission<string>[]> = {
  api: apiPermissions(arns),
  worker: workerPermissions(arns),
  steps: stepPermissions(arns),
  nightly: nightlyPermissions(arns),
  pipeline: pipelinePermissions(arns),
};
const stateMachineStatements = stateMachinePolicy({ stepFunctions: stepFunctionArns }).Statement;
const pipelineStatements = pipelineStateMachinePolicy({
  stepFunctions: stepFunctionArns.slice(2),
  optimizer: stateMachine,
  optimizerExecutions: arns.executions,
  eventsRule,
}).Statement;

// Every (function, statement) pair, plus the state machine role's, as action/resource lists.
const allStatements = [
  ...Object.entries(functionPolicies).flatMap(([owner, statements]) =>
    statements.map((statement) => ({ owner, actions: statement.actions, resources: statement.resources })),
  ),
  ...[...stateMachineStatements, ...pipelineStatements].map((statement) => ({
    owner: `state machine ${statement.Sid}`,
    actions: statement.Action,
    resources: statement.Resource ?? [],
  })),
];

const serviceOfArn = (arn: string) => arn.split(":")[2];
const actionsOf = (statements: Permission<string>[]) => statements.flatMap((statement) => statement.actions);

describe("stack IAM policies", () => {
  it("grant no wildcard action: every action names one API call of one service", () => {
    const actions = allStatements.flatMap((statement) => statement.actions);

    expect(actions.length).toBeGreaterThan(20);
    for (const action of actions) expect(action).toMatch(/^[a-z0-9]+:[A-Z][A-Za-z]+$/);
  });

  it("name only this app's own resources, never `*` or another account's", () => {
    const allowed = new Set([...Object.values(arns), ...stepFunctionArns, eventsRule]);

    for (const { owner, resources } of allStatements) {
      expect(resources.length, owner).toBeGreaterThan(0);
      for (const resource of resources) expect(allowed, `${owner}: ${resource}`).toContain(resource);
    }
  });

  it("pair each action with a resource of the same service", () => {
    for (const { owner, actions, resources } of allStatements) {
      const services = new Set(actions.map((action) => action.split(":")[0]));
      expect(services.size, owner).toBe(1);
      for (const resource of resources) expect(serviceOfArn(resource), `${owner}: ${resource}`).toBe([...services][0]);
    }
  });

  it("keep the only resource patterns to one bucket's objects and the executions of the two state machines", () => {
    const patterns = allStatements.flatMap((statement) => statement.resources).filter((arn) => arn.includes("*"));

    expect(new Set(patterns)).toEqual(
      new Set([
        `${bucket}/*`,
        `${stateMachine.replace(":stateMachine:", ":execution:")}:*`,
        `${pipeline.replace(":stateMachine:", ":execution:")}:*`,
      ]),
    );
  });

  it("let no function delete objects, drop tables or purge queues", () => {
    const actions = Object.values(functionPolicies).flatMap(actionsOf);

    expect(actions.filter((action) => /Delete(Object|Bucket|Table|Queue)|Purge|Create|Tag/.test(action))).toEqual([]);
  });

  it("give task-token calls only to the worker and the steps, and starting runs only to the API and the nightly job", () => {
    const holders = (action: string) =>
      Object.entries(functionPolicies)
        .filter(([, statements]) => actionsOf(statements).includes(action))
        .map(([owner]) => owner);

    expect(holders("states:SendTaskSuccess")).toEqual(["worker", "steps"]);
    expect(holders("states:StartExecution")).toEqual(["api", "nightly"]);
    expect(holders("sqs:SendMessage")).toEqual(["steps"]);
  });

  it("let only the steps delete dead letters (Sweep drains them into S3), and only from the dead-letter queue", () => {
    const deleting = allStatements.filter((statement) => statement.actions.includes("sqs:DeleteMessage"));

    expect(deleting.map(({ owner, resources }) => ({ owner, resources }))).toEqual([
      { owner: "steps", resources: [arns.deadLetterQueue] },
    ]);
  });
});

describe("stateMachinePolicy", () => {
  it("invokes exactly the step functions and nothing else", () => {
    const statements = stateMachineStatements.map(({ Action, Resource }) => ({ Action, Resource }));

    expect(statements).toEqual([{ Action: ["lambda:InvokeFunction"], Resource: stepFunctionArns }]);
  });
});

describe("pipelineStateMachinePolicy", () => {
  it("invokes its steps and runs only the optimizer's machine as nested executions", () => {
    const statements = pipelineStatements.map(({ Action, Resource }) => ({ Action, Resource }));

    expect(statements).toEqual([
      { Action: ["lambda:InvokeFunction"], Resource: stepFunctionArns.slice(2) },
      { Action: ["states:StartExecution"], Resource: [stateMachine] },
      { Action: ["states:DescribeExecution", "states:StopExecution"], Resource: [arns.executions] },
      {
        Action: ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
        Resource: ["arn:aws:events:eu-west-1:123456789012:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"],
      },
    ]);
  });
});

describe("stateMachineTrustPolicy", () => {
  it("lets only Step Functions assume the role, for this account only", () => {
    const [statement] = stateMachineTrustPolicy(accountOf(jobQueue)).Statement;

    expect(statement).toMatchObject({
      Effect: "Allow",
      Principal: { Service: "states.amazonaws.com" },
      Action: ["sts:AssumeRole"],
      Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
  });
});

describe("bucketProtection", () => {
  it("blocks every kind of public access and keeps versions, HTTPS and encryption on", () => {
    expect(bucketProtection.publicAccessBlock).toEqual({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(bucketProtection).toMatchObject({ versioning: true, enforceHttps: true });
    expect(bucketProtection.encryption.sseAlgorithm).toBe("AES256");
  });
});

describe("ARN helpers", () => {
  it("place the state machine in the queue's partition, region and account", () => {
    const govQueue = "arn:aws-us-gov:sqs:us-gov-west-1:210987654321:jobs";

    expect(stateMachineArnBeside(govQueue, "m")).toBe(
      "arn:aws-us-gov:states:us-gov-west-1:210987654321:stateMachine:m",
    );
    expect(executionsArnOf(stateMachine)).toBe(
      "arn:aws:states:eu-west-1:123456789012:execution:judgeloop-prod-optimizer:*",
    );
  });

  it("reject ARNs without region or account", () => {
    expect(() => stateMachineArnBeside(bucket, "m")).toThrow(/not a regional ARN/);
    expect(() => executionsArnOf(jobQueue)).toThrow(/not a state machine ARN/);
  });
});
