/**
 * The name an AWS SDK v3 error carries (`ConditionalCheckFailedException`, `NoSuchKey`, ...),
 * or undefined for anything else. The SDK sets `name` from the service's error type, which is
 * stable across SDK versions, unlike the error classes.
 *
 * @example
 * if (awsErrorName(error) === "ConditionalCheckFailedException") return { stored: false };
 */
export function awsErrorName(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  return typeof name === "string" ? name : undefined;
}

/**
 * True when `error` is an AWS SDK error with one of `names`.
 *
 * @example
 * if (isAwsError(error, "NoSuchKey", "NotFound")) return null;
 */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  const name = awsErrorName(error);
  return name !== undefined && names.includes(name);
}
