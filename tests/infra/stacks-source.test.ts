import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The stacks cannot be synthesized here (that needs Pulumi and an AWS account), so this reads
// their source: whatever grants IAM must come from stacks/policies.ts, checked by
// iam-policies.test.ts.

const stacksDir = join(import.meta.dirname, "../../stacks");
const stackFiles = readdirSync(stacksDir)
  .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"))
  .sort();

interface FoundProperty {
  file: string;
  name: string;
  initializer: ts.Expression;
}

function propertiesNamed(names: readonly string[]): FoundProperty[] {
  const found: FoundProperty[] = [];
  for (const file of stackFiles) {
    const source = ts.createSourceFile(file, readFileSync(join(stacksDir, file), "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && names.includes(node.name.text)) {
        found.push({ file, name: node.name.text, initializer: node.initializer });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

const calledFunction = (expression: ts.Expression): string | undefined =>
  ts.isCallExpression(expression) ? expression.expression.getText() : undefined;

describe("stacks source", () => {
  it("links only Linkables and Secrets, whose links grant no IAM (a linked Bucket, Dynamo or Queue grants s3:*, dynamodb:*, sqs:*)", () => {
    const links = propertiesNamed(["link"]);
    const allowed = new Set(["storage", "jobQueues", "workflow", "pipelineLink", "apiToken", "providerKeys"]);

    expect(links.length).toBeGreaterThanOrEqual(4);
    for (const { file, initializer } of links) {
      expect(ts.isArrayLiteralExpression(initializer), file).toBe(true);
      const elements = ts.isArrayLiteralExpression(initializer) ? initializer.elements : [];
      for (const element of elements) {
        const name = ts.isSpreadElement(element) ? element.expression.getText() : element.getText();
        expect(allowed, `${file} links ${name}`).toContain(name);
      }
    }
  });

  it("takes every function's permissions from a builder in stacks/policies.ts", () => {
    const builders = new Set([
      "apiPermissions",
      "workerPermissions",
      "stepPermissions",
      "nightlyPermissions",
      "pipelinePermissions",
    ]);

    const permissions = propertiesNamed(["permissions"]);

    expect(permissions.length).toBeGreaterThanOrEqual(4);
    for (const { file, initializer } of permissions) expect(builders, file).toContain(calledFunction(initializer));
  });

  it("builds the state machine roles' policies from stacks/policies.ts", () => {
    const policies = propertiesNamed(["policy", "assumeRolePolicy"]).map(({ name, initializer }) => {
      const inner = ts.isCallExpression(initializer) ? initializer.arguments[0] : undefined;
      return [name, calledFunction(initializer), inner && calledFunction(inner)];
    });

    expect(policies).toEqual([
      // pipeline.ts
      ["assumeRolePolicy", "$jsonStringify", "stateMachineTrustPolicy"],
      ["policy", "$jsonStringify", "pipelineStateMachinePolicy"],
      // workflow.ts
      ["assumeRolePolicy", "$jsonStringify", "stateMachineTrustPolicy"],
      ["policy", "$jsonStringify", "stateMachinePolicy"],
    ]);
  });

  it("never opens the bucket: no `access` or `public` option, and no policy transform that could", () => {
    const opening = propertiesNamed(["access", "public", "policy"]).filter(({ file }) => file === "storage.ts");
    const publicBlock = propertiesNamed(["publicAccessBlock"])
      .filter(({ file }) => file === "storage.ts")
      .map(({ initializer }) => initializer.getText());

    expect(opening).toEqual([]);
    expect(publicBlock).toEqual(["{ ...bucketProtection.publicAccessBlock }"]);
  });

  it("subscribes the worker with partial batch responses and its share of the burst bound", () => {
    const texts = (name: string) => propertiesNamed([name]).map(({ initializer }) => initializer.getText());

    expect(texts("partialResponses")).toEqual(["true"]);
    expect(texts("maximumConcurrency")).toEqual(["settings.burst.workerMaxConcurrency"]);
    expect(texts("size")).toEqual(["settings.workerBatchSize"]);
  });

  it("runs the nightly watch alone, within its share of the bound, and with no asynchronous retries", () => {
    const inSchedule = (name: string) =>
      propertiesNamed([name])
        .filter(({ file }) => file === "schedule.ts")
        .map(({ initializer }) => initializer.getText());

    expect(inSchedule("reserved")).toEqual(["settings.burst.nightlyReservedConcurrency"]);
    expect(inSchedule("JUDGELOOP_NIGHTLY_CONCURRENCY")).toEqual(["String(settings.burst.nightlyCallConcurrency)"]);
    expect(inSchedule("maximumRetryAttempts")).toEqual(["settings.nightlyInvokeConfig.maximumRetryAttempts"]);
    expect(inSchedule("functionName")).toEqual(["nightlyFunction.name"]);
    expect(inSchedule("retries")).toEqual(["0"]);
  });

  it("gives no function a public URL that would bypass API Gateway's throttling", () => {
    const urls = propertiesNamed(["url"]).map(({ file, initializer }) => [file, initializer.getText()]);

    expect(urls).toEqual([["api.ts", "false"]]);
  });
});
