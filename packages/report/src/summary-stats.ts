/**
 * Zod shapes of the statistics @judgeloop/core computes (metrics/*). They mirror the core types
 * field for field, so the pipeline can put `agreementReport(...)`, `comparePrograms(...)`,
 * `lengthBias(...)` and `judgeStability(...)` results into a RunSummary unchanged.
 */
import { z } from "zod";

const count = z.number().int().nonnegative();
const probability = z.number().min(0).max(1);
const level = z.number().gt(0).lt(1);

const intervalBounds = { lower: z.number(), upper: z.number(), level };

/** core `WilsonInterval`. */
export const wilsonIntervalSchema = z.strictObject({
  ...intervalBounds,
  method: z.literal("wilson"),
  z: z.number().positive(),
});

/** core `BootstrapInterval`. */
export const bootstrapIntervalSchema = z.strictObject({
  ...intervalBounds,
  method: z.literal("bootstrap-percentile"),
  resamples: z.number().int().positive(),
  undefinedResamples: count,
  seed: z.union([z.string(), z.number()]),
});

/** core `FisherZInterval`. */
export const fisherZIntervalSchema = z.strictObject({
  ...intervalBounds,
  method: z.literal("fisher-z"),
  z: z.number().positive(),
});

/** A point estimate with its interval; `reason` says why either is null. */
function estimateSchema<I extends z.ZodType>(interval: I) {
  return z.strictObject({ value: z.number().nullable(), interval: interval.nullable(), reason: z.string().optional() });
}

/** core `ProportionEstimate`: a proportion with its Wilson interval and counts. */
export const proportionEstimateSchema = z.strictObject({
  value: probability.nullable(),
  interval: wilsonIntervalSchema.nullable(),
  reason: z.string().optional(),
  numerator: count,
  denominator: count,
});

/** core `Estimate<BootstrapInterval>` (F1, kappa, a pass-rate difference). */
export const bootstrapEstimateSchema = estimateSchema(bootstrapIntervalSchema);
/** core `Estimate<FisherZInterval>` (a correlation). */
export const fisherZEstimateSchema = estimateSchema(fisherZIntervalSchema);

/** core `ConfusionMatrix`. */
export const confusionMatrixSchema = z.strictObject({ tp: count, fp: count, tn: count, fn: count });

/** The shape of core's `AgreementReport` (metrics/agreement.ts). */
export const agreementReportSchema = z.strictObject({
  n: count,
  level,
  z: z.number().positive(),
  confusion: confusionMatrixSchema,
  classBalance: z.strictObject({
    goldPositive: count,
    goldNegative: count,
    goldPositiveRate: probability.nullable(),
    predictedPositive: count,
    predictedNegative: count,
    predictedPositiveRate: probability.nullable(),
  }),
  accuracy: proportionEstimateSchema,
  precision: proportionEstimateSchema,
  recall: proportionEstimateSchema,
  specificity: proportionEstimateSchema,
  f1: bootstrapEstimateSchema,
  kappa: bootstrapEstimateSchema,
  observedAgreement: probability.nullable(),
  expectedAgreement: probability.nullable(),
});

/** The shape of core's `McNemarResult` (metrics/mcnemar.ts). */
export const mcnemarSchema = z.strictObject({
  b: count,
  c: count,
  discordant: count,
  exactPValue: probability,
  midPValue: probability,
  chiSquare: z.strictObject({ statistic: z.number().nonnegative(), pValue: probability }).nullable(),
  reason: z.string().optional(),
});

const ids = z.array(z.string().min(1)).readonly();

/** The shape of core's `PairedComparison` (metrics/paired.ts). */
export const pairedComparisonSchema = z.strictObject({
  n: count,
  unmatched: z.strictObject({ baselineOnly: ids, candidateOnly: ids }),
  baseline: proportionEstimateSchema,
  candidate: proportionEstimateSchema,
  difference: bootstrapEstimateSchema,
  mcnemar: mcnemarSchema,
  flips: z.strictObject({ failToPass: ids, passToFail: ids }),
});

/** core `LengthUnit`. */
export const lengthUnitSchema = z.enum(["chars", "words"]);

/** The shape of core's `LengthBiasReport` (metrics/length-bias.ts). */
export const lengthBiasSchema = z.strictObject({
  n: count,
  unit: lengthUnitSchema,
  correlation: fisherZEstimateSchema,
  meanLength: z.strictObject({ pass: z.number().nullable(), fail: z.number().nullable() }),
  bins: z
    .array(
      z.strictObject({
        minLength: z.number().nonnegative(),
        maxLength: z.number().nonnegative(),
        passRate: proportionEstimateSchema,
      }),
    )
    .readonly(),
});

/** The shape of core's `StabilityReport` (metrics/stability.ts); `perExample` may be left out. */
export const stabilityReportSchema = z.strictObject({
  examples: count,
  repeats: z.strictObject({ min: count, max: count }).nullable(),
  flipRate: probability.nullable(),
  unstableExamples: count,
  unstableFraction: proportionEstimateSchema,
  perExample: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        repeats: count,
        passes: count,
        majority: z.boolean().nullable(),
        flipRate: probability,
        anyFlip: z.boolean(),
      }),
    )
    .readonly()
    .optional(),
});

export type WilsonIntervalShape = z.infer<typeof wilsonIntervalSchema>;
export type ProportionEstimateShape = z.infer<typeof proportionEstimateSchema>;
export type BootstrapEstimateShape = z.infer<typeof bootstrapEstimateSchema>;
export type AgreementReportShape = z.infer<typeof agreementReportSchema>;
export type PairedComparisonShape = z.infer<typeof pairedComparisonSchema>;
export type LengthBiasShape = z.infer<typeof lengthBiasSchema>;
export type StabilityReportShape = z.infer<typeof stabilityReportSchema>;
