// The artifact bucket's lifecycle rules. Pure (no SST or Pulumi globals), so tests can check
// them. The bucket is versioned, so every overwrite and every expiry leaves a noncurrent
// version behind: without these rules a run's per-step files stay (and are billed) forever.
import { scratchFolder } from "../packages/aws/src/s3/retention.ts";

/** How long each kind of object is kept, in days. */
export interface RetentionDays {
  /** Scratch artifacts (per-step states, round jobs, overflowed queue messages, dead-letter archive). */
  readonly scratch: number;
  /** A version once it has been overwritten or expired (every object). */
  readonly noncurrent: number;
  /** Parts of a multipart upload that never completed. */
  readonly incompleteMultipart: number;
}

/** Default retention: scratch outlives any run and the queues' 14-day message retention. */
export const defaultRetentionDays: RetentionDays = { scratch: 30, noncurrent: 7, incompleteMultipart: 1 };

/** SQS keeps a message 14 days; its overflowed body must last at least as long (plus a day). */
const minScratchDays = 15;

/** One rule, in S3's own `LifecycleRule` shape (PutBucketLifecycleConfiguration). */
export interface LifecycleRule {
  ID: string;
  Status: "Enabled";
  Filter: { Prefix: string };
  Expiration?: { Days?: number; ExpiredObjectDeleteMarker?: boolean };
  NoncurrentVersionExpiration?: { NoncurrentDays: number };
  AbortIncompleteMultipartUpload?: { DaysAfterInitiation: number };
}

/**
 * The bucket's lifecycle rules: scratch objects (everything S3ArtifactStore keeps under
 * `scratch/`) expire after `scratch` days; every noncurrent version is deleted `noncurrent`
 * days after it stopped being current (so expired scratch, overwritten round records and
 * replaced artifacts do go away in a versioned bucket); expired delete markers are removed; and
 * incomplete multipart uploads are aborted. Throws for a retention that would delete a queued
 * message's body, or that is not a whole number of days.
 *
 * @example
 * bucketLifecycleRules().map((rule) => rule.ID); // ["expire-scratch", "expire-noncurrent-versions"]
 */
export function bucketLifecycleRules(days: RetentionDays = defaultRetentionDays): LifecycleRule[] {
  checkDays("scratch", days.scratch, minScratchDays);
  checkDays("noncurrent", days.noncurrent, 1);
  checkDays("incompleteMultipart", days.incompleteMultipart, 1);
  return [
    { ID: "expire-scratch", Status: "Enabled", Filter: { Prefix: scratchFolder }, Expiration: { Days: days.scratch } },
    {
      ID: "expire-noncurrent-versions",
      Status: "Enabled",
      Filter: { Prefix: "" },
      NoncurrentVersionExpiration: { NoncurrentDays: days.noncurrent },
      // A delete marker left with no versions behind it is removed too.
      Expiration: { ExpiredObjectDeleteMarker: true },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: days.incompleteMultipart },
    },
  ];
}

function checkDays(name: keyof RetentionDays, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`retention ${name} must be a whole number of days, at least ${min}; got ${value}`);
  }
}

/** A rule as Pulumi's `aws.s3.BucketLifecycleConfiguration` takes it (camelCase, same fields). */
export interface PulumiLifecycleRule {
  id: string;
  status: "Enabled";
  filter: { prefix: string };
  expiration?: { days?: number; expiredObjectDeleteMarker?: boolean };
  noncurrentVersionExpiration?: { noncurrentDays: number };
  abortIncompleteMultipartUpload?: { daysAfterInitiation: number };
}

/**
 * The same rules in Pulumi's spelling, for stacks/storage.ts.
 *
 * @example
 * new aws.s3.BucketLifecycleConfiguration("ArtifactBucketLifecycle", { bucket: bucket.name, rules: pulumiLifecycleRules(bucketLifecycleRules()) });
 */
export function pulumiLifecycleRules(rules: readonly LifecycleRule[]): PulumiLifecycleRule[] {
  return rules.map((rule) => ({
    id: rule.ID,
    status: rule.Status,
    filter: { prefix: rule.Filter.Prefix },
    ...(rule.Expiration && {
      expiration: {
        ...(rule.Expiration.Days !== undefined && { days: rule.Expiration.Days }),
        ...(rule.Expiration.ExpiredObjectDeleteMarker !== undefined && {
          expiredObjectDeleteMarker: rule.Expiration.ExpiredObjectDeleteMarker,
        }),
      },
    }),
    ...(rule.NoncurrentVersionExpiration && {
      noncurrentVersionExpiration: { noncurrentDays: rule.NoncurrentVersionExpiration.NoncurrentDays },
    }),
    ...(rule.AbortIncompleteMultipartUpload && {
      abortIncompleteMultipartUpload: { daysAfterInitiation: rule.AbortIncompleteMultipartUpload.DaysAfterInitiation },
    }),
  }));
}
