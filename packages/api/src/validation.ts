import type { Context } from "hono";
import type { ZodError } from "zod";
import { ApiError } from "./api-error.ts";

type ValidationResult = { target: string } & ({ success: true } | { success: false; error: ZodError });

const shownIssues = 5;

/**
 * The `defaultHook` of the app: turns a failed zod validation into a 400 that names the first
 * bad field and lists up to five problems, each as `field: reason`. Values are never echoed.
 *
 * @example
 * new OpenAPIHono({ defaultHook: validationHook });
 */
export function validationHook(result: ValidationResult, _c: Context): void {
  if (result.success) return;
  const problems = result.error.issues.flatMap((issue) => describeIssue(result.target, issue));
  const first = problems[0] ?? { field: "body", reason: "is invalid" };
  const shown = problems.slice(0, shownIssues).map(({ field, reason }) => `${field}: ${reason}`);
  if (problems.length > shownIssues) shown.push(`… and ${problems.length - shownIssues} more`);
  throw new ApiError(400, "invalid_request", shown.join("; "), first.field);
}

interface Problem {
  field: string;
  reason: string;
}

type Issue = ZodError["issues"][number];

function describeIssue(target: string, issue: Issue): Problem[] {
  const at = issue.path.map((segment) => (typeof segment === "symbol" ? String(segment.description) : segment));
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({ field: fieldName(target, [...at, key]), reason: "is not a known field" }));
  }
  const missing = issue.code === "invalid_type" && /received undefined$/.test(issue.message);
  return [{ field: fieldName(target, at), reason: missing ? "is required" : issue.message }];
}

/** `config.prepare.seed`, `rows[3].conversation`; headers and path parameters by their own names. */
function fieldName(target: string, path: readonly (string | number)[]): string {
  if (path.length === 0) return target === "json" ? "body" : target;
  return path
    .map((segment, index) => (typeof segment === "number" ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
    .join("");
}
