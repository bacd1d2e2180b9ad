/**
 * Failure modes of the generator's holdout replies gold failed (`generator.failureModes`).
 * Mirrors core's `FailureModesData` (run/summary-types.ts).
 */
import { z } from "zod";

const count = z.number().int().nonnegative();

const failureModeSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string(),
  baseline: count,
  optimized: count,
  exampleIds: z.array(z.string()),
});

/** core `FailureModesData`: named modes counted per program, or why there are none (`notRun`). */
export const failureModesSchema = z
  .strictObject({
    modes: z.array(failureModeSchema),
    failing: z.strictObject({ baseline: count, optimized: count }),
    simulated: z.boolean(),
    model: z.string().optional(),
    notRun: z.string().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.notRun !== undefined) return;
    // Every failing reply's critique is in exactly one mode, so each side's counts sum to its failures.
    for (const side of ["baseline", "optimized"] as const) {
      const sum = value.modes.reduce((total, mode) => total + mode[side], 0);
      if (sum !== value.failing[side]) {
        ctx.addIssue({
          code: "custom",
          path: ["failing", side],
          message: `the modes' ${side} counts sum to ${sum}, not ${value.failing[side]}`,
        });
      }
    }
  });

export type FailureModes = z.infer<typeof failureModesSchema>;
