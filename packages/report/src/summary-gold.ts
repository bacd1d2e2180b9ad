/**
 * The gold check of the generator comparison (`generator.gold`): the holdout replies scored by
 * gold as well as by the judge. Mirrors core's `GoldCheckData` (run/summary-types.ts).
 */
import { z } from "zod";
import {
  agreementReportSchema,
  bootstrapEstimateSchema,
  lengthBiasSchema,
  lengthUnitSchema,
  pairedComparisonSchema,
} from "./summary-stats.ts";

const count = z.number().int().nonnegative();
const text = z.string().min(1);
const modelName = z.string().regex(/^[a-z0-9][a-z0-9-]*\/\S+$/, "expected provider/model, e.g. sim/gold");

const disagreementSchema = z.strictObject({
  id: text,
  direction: z.enum(["judge-pass-gold-fail", "judge-fail-gold-pass"]),
  /** The optimized reply's length; the baseline reply's on the same example, null when it has none. */
  length: count,
  baselineLength: count.nullable(),
  reply: z.string(),
  judgeCritique: z.string().nullable(),
  goldCritique: z.string().nullable(),
});

const biasPairSchema = z.strictObject({ judge: lengthBiasSchema, gold: lengthBiasSchema });

/** core `GoldCheckData`: the optimized judge against gold on the generator's holdout replies. */
export const goldCheckSchema = z.strictObject({
  labeller: z.strictObject({ model: modelName.nullable(), smeLabels: count, modelLabels: count }),
  split: z.literal("holdout"),
  /** Gold pass rates, baseline vs optimized, on the examples with judge and gold verdicts for both. */
  gold: pairedComparisonSchema,
  /** The judge's pass rates on the same examples. */
  judge: pairedComparisonSchema,
  /** Judge gain minus gold gain (paired bootstrap). */
  gainGap: bootstrapEstimateSchema,
  agreement: z.strictObject({ baseline: agreementReportSchema, optimized: agreementReportSchema }),
  disagreements: z.strictObject({
    total: count,
    judgePassGoldFail: count,
    judgeFailGoldPass: count,
    examples: z.array(disagreementSchema).readonly(),
  }),
  /** Length against verdict, the judge's beside gold's: on the optimized replies, and on both programs' replies. */
  length: z.strictObject({ unit: lengthUnitSchema, optimized: biasPairSchema, both: biasPairSchema }),
  verdict: text,
});

export type GoldCheck = z.infer<typeof goldCheckSchema>;
export type GoldDisagreement = z.infer<typeof disagreementSchema>;
