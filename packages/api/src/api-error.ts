import { JudgeloopError } from "@judgeloop/core";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The one error shape every response uses: `{ error: { code, message, field? } }`. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string } & Record<string, unknown>;
}

/**
 * An error the API answers with a given status. `field` names the offending input
 * (`config.prepare.seed`, `Idempotency-Key`, `rows[3].conversation`) when there is one.
 *
 * @example
 * throw new ApiError(409, "idempotency_conflict", "this Idempotency-Key was used with a different body", "Idempotency-Key");
 */
export class ApiError extends JudgeloopError {
  readonly status: ContentfulStatusCode;
  readonly field: string | undefined;
  /** More of the error for the caller, beside code and message (e.g. a refused run's estimate). */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    field?: string,
    details?: Record<string, unknown>,
  ) {
    super(code, message);
    this.name = "ApiError";
    this.status = status;
    this.field = field;
    this.details = details;
  }
}

/** Codes of the use cases and of core whose status is not implied by their suffix. */
const statusOfCode: Record<string, ContentfulStatusCode> = {
  ambiguous_dataset_id: 400,
  run_finished: 409,
  idempotency_conflict: 409,
  missing_api_key: 422,
  unknown_provider: 400,
  not_implemented: 501,
};

/**
 * The HTTP status of a JudgeloopError code: `*_not_found` → 404, `bad_*` → 400, a few named
 * codes, else undefined (an internal error whose message is not shown).
 *
 * @example
 * httpStatusOf("program_not_found"); // 404
 */
export function httpStatusOf(code: string): ContentfulStatusCode | undefined {
  const named = statusOfCode[code];
  if (named !== undefined) return named;
  if (code.endsWith("_not_found")) return 404;
  if (code.startsWith("bad_")) return 400;
  return undefined;
}

/** The response body for an error; only known errors keep their message. */
export function errorBody(code: string, message: string, field?: string, details?: Record<string, unknown>): ErrorBody {
  return { error: { code, message, ...(field !== undefined && { field }), ...details } };
}

/**
 * What the API answers for an error thrown anywhere: known errors with their status, code and
 * message; anything else as a bare 500, because its message may hold what must not leak.
 */
export function describeFailure(error: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  if (error instanceof ApiError)
    return { status: error.status, body: errorBody(error.code, error.message, error.field, error.details) };
  if (error instanceof JudgeloopError) {
    const status = httpStatusOf(error.code);
    if (status !== undefined) return { status, body: errorBody(error.code, error.message) };
  }
  if (error instanceof HTTPException) return describeHttpException(error);
  return { status: 500, body: errorBody("internal", "the server failed to handle the request") };
}

/** Hono's own refusals (body parsing, media type), reworded into the uniform body. */
function describeHttpException(error: HTTPException): { status: ContentfulStatusCode; body: ErrorBody } {
  switch (error.status) {
    case 400:
      return { status: 400, body: errorBody("malformed_json", "the request body is not valid JSON") };
    case 413:
      return { status: 413, body: errorBody("payload_too_large", "the request body is too large") };
    case 415:
      return { status: 415, body: errorBody("unsupported_media_type", "send the request body as application/json") };
    default:
      return { status: 500, body: errorBody("internal", "the server failed to handle the request") };
  }
}
