import { z } from "@hono/zod-openapi";

/** The uniform error body of every non-2xx response. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_request" }),
      message: z.string().openapi({ example: "budget.capUsd: is required" }),
      field: z.string().optional().openapi({ example: "budget.capUsd" }),
      estimate: z
        .object({
          calls: z.number(),
          costUsd: z.number().nullable(),
          stages: z.array(z.object({ stage: z.string(), calls: z.number(), costUsd: z.number().nullable() })),
        })
        .optional()
        .openapi({ description: "`estimate_exceeds_cap`: the run's upper bound, in total and per stage" }),
      capUsd: z.number().optional().openapi({ description: "`estimate_exceeds_cap`: the run's dollar cap" }),
      maxCalls: z.number().nullable().optional().openapi({ description: "`estimate_exceeds_cap`: its call cap" }),
    }),
  })
  .openapi("Error");

const descriptions: Record<number, string> = {
  400: "Bad input: the field and the reason; nothing was stored",
  401: "No token, or a wrong one",
  404: "No such resource",
  409: "Conflicts with the resource's current state",
  413: "The request body is too large",
  415: "The request body is not application/json",
  422: "Valid, but refused: see the code",
  429: "Too many runs are active; retry later",
};

/**
 * The error responses a route can give, for its OpenAPI description. Every /v1 route can
 * answer 401 and 400; the rest are listed per route.
 *
 * @example
 * responses: { 200: ..., ...errorResponses(404, 409) }
 */
export function errorResponses(...statuses: number[]) {
  const all = [...new Set([400, 401, ...statuses])].sort();
  return Object.fromEntries(
    all.map((status) => [
      status,
      { description: descriptions[status] ?? "Error", content: { "application/json": { schema: errorSchema } } },
    ]),
  );
}

/** A dataset version id: 64 hex digits (GET also takes a unique prefix of 6 or more). */
export const datasetIdSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, "expected a dataset id (64 hex digits)")
  .openapi({ example: "3f2a9c0d1e5b7a8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e" });

/** A run id as the RunStore keys them. */
export const runIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:=#@+-]{0,199}$/, "expected a run id")
  .openapi({ example: "run-5d1e0f9a2b3c4d5e6f708192a3b4c5d6" });

/** A program name: letters, digits, `.`, `_` and `-`, as it appears in artifact keys. */
export const programNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "expected a program name (letters, digits, '.', '_' and '-')")
  .openapi({ example: "airline-support" });

export const runIdParams = z.object({ id: runIdSchema.openapi({ param: { name: "id", in: "path" } }) });
export const programParams = z.object({
  name: programNameSchema.openapi({ param: { name: "name", in: "path" } }),
});
