import { z } from "@hono/zod-openapi";

export const programVersionsSchema = z
  .object({
    name: z.string(),
    champion: z.string().nullable(),
    versions: z.array(
      z.object({
        version: z.string(),
        createdAt: z.string(),
        runId: z.string().optional(),
        score: z.number().nullable().optional(),
        champion: z.boolean(),
      }),
    ),
  })
  .openapi("ProgramVersions");

export const promoteSchema = z
  .strictObject({
    version: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:=#@+-]{0,199}$/, "expected a program version")
      .openapi({ example: "run-5d1e0f9a2b3c4d5e6f708192a3b4c5d6" }),
  })
  .openapi("Promote");

export const promotedSchema = z
  .object({ name: z.string(), champion: z.string(), previous: z.string().nullable() })
  .openapi("Promoted");
