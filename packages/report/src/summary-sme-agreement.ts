/**
 * Agreement between the run's SMEs (`overview.labels.smeAgreement`). Mirrors core's
 * `SmeAgreementData` (run/summary-types.ts) and `AnnotatorAgreement` (labeling/sme-agreement.ts).
 */
import { z } from "zod";

const count = z.number().int().nonnegative();
const kappa = z.number().min(-1).max(1);

const pairSchema = z
  .strictObject({
    annotators: z.tuple([z.string().min(1), z.string().min(1)]),
    /** Conversations both annotators labelled. */
    shared: count,
    /** Of those, the ones with the same verdict. */
    agreed: count,
    kappa: kappa.nullable(),
    interval: z.strictObject({ lower: kappa, upper: kappa }).nullable(),
    /** Why kappa is undefined, when it is. */
    reason: z.string().optional(),
  })
  .superRefine((pair, ctx) => {
    if (pair.agreed > pair.shared) {
      ctx.addIssue({ code: "custom", path: ["agreed"], message: `${pair.agreed} agreed of ${pair.shared} shared` });
    }
    if (pair.kappa === null && pair.reason === undefined) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "an undefined kappa needs its reason" });
    }
  });

/** core `SmeAgreementData`: kappa between every pair of SMEs on the conversations both labelled. */
export const smeAgreementSchema = z.strictObject({
  annotators: z.array(z.string().min(1)).min(2),
  /** Conversations labelled by two or more annotators. */
  sharedItems: count,
  pairs: z.array(pairSchema),
});

export type SmeAgreement = z.infer<typeof smeAgreementSchema>;
