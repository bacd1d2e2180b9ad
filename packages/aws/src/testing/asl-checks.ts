// Test support for the state machines: the ASL validator and deploy-shaped function ARNs.
import { createRequire } from "node:module";

type AslValidator = (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };

// asl-validator is CommonJS without type declarations.
const validator = createRequire(import.meta.url)("asl-validator") as AslValidator;

/**
 * Checks a definition with asl-validator (JSONPath paths and ARNs included), as JSON would
 * reach Step Functions.
 *
 * @example
 * expect(validateAsl(definition).errors).toBe("");
 */
export function validateAsl(definition: unknown): { isValid: boolean; errors: string } {
  const result = validator(JSON.parse(JSON.stringify(definition)), { checkPaths: true, checkArn: true });
  return { isValid: result.isValid, errors: result.errorsText("\n") };
}

/**
 * A Lambda function ARN per step, shaped like a deployment's.
 *
 * @example
 * lambdaArnsOf(["prepare"]).prepare; // "arn:aws:lambda:us-east-1:123456789012:function:judgeloop-prepare"
 */
export function lambdaArnsOf<S extends string>(steps: readonly S[]): Record<S, string> {
  return Object.fromEntries(
    steps.map((step) => [step, `arn:aws:lambda:us-east-1:123456789012:function:judgeloop-${step}`]),
  ) as Record<S, string>;
}
