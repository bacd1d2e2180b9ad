import { describe, expect, it } from "vitest";
import { isScratchKey, scratchFolder } from "../../packages/aws/src/s3/retention.ts";
import { bucketLifecycleRules, defaultRetentionDays, pulumiLifecycleRules } from "../../stacks/lifecycle.ts";

/** Days after which a rule expires the current version of the object S3ArtifactStore stores `key` as. */
function expiryDaysOf(key: string): number[] {
  const objectKey = isScratchKey(key) ? `${scratchFolder}${key}` : key;
  return bucketLifecycleRules().flatMap((rule) =>
    objectKey.startsWith(rule.Filter.Prefix) && rule.Expiration?.Days !== undefined ? [rule.Expiration.Days] : [],
  );
}

describe("isScratchKey", () => {
  it("marks a run's per-step files, overflowed messages and archived dead letters as scratch", () => {
    const scratch = [
      "runs/run-1/optimizer/state-0003.json",
      "runs/run-1/optimizer/jobs-0003.json",
      "runs/run-1/optimizer/round-0003.json",
      "runs/run-1/stage-jobs/generate/jobs-001.json",
      "runs/run-1/stage-jobs/generate/pass-001.json",
      "queue-payloads/5d1c.json",
      "dead-letters/run-1/job-1.json",
    ];

    expect(scratch.filter((key) => !isScratchKey(key))).toEqual([]);
  });

  it("keeps datasets, programs, run inputs, stage outputs and reports", () => {
    const kept = [
      "datasets/abc/rows.jsonl",
      "programs/judge/versions/3.json",
      "runs/run-1/program.json",
      "runs/run-1/input/trainset.json",
      "runs/run-1/stages/gate.json",
      "runs/run-1/programs/judge.json",
      "runs/run-1/report.html",
    ];

    expect(kept.filter(isScratchKey)).toEqual([]);
  });
});

describe("bucketLifecycleRules", () => {
  it("expires scratch objects after the scratch retention and never a kept artifact", () => {
    expect(expiryDaysOf("runs/run-1/optimizer/jobs-0001.json")).toEqual([defaultRetentionDays.scratch]);
    expect(expiryDaysOf("runs/run-1/stage-jobs/judge-eval/jobs-002.json")).toEqual([defaultRetentionDays.scratch]);
    expect(expiryDaysOf("queue-payloads/x.json")).toEqual([defaultRetentionDays.scratch]);
    expect(expiryDaysOf("runs/run-1/report.html")).toEqual([]);
    expect(expiryDaysOf("datasets/abc/rows.jsonl")).toEqual([]);
  });

  it("deletes noncurrent versions of every object and aborts incomplete multipart uploads", () => {
    const everything = bucketLifecycleRules().filter((rule) => rule.Filter.Prefix === "");

    expect(everything).toEqual([
      expect.objectContaining({
        NoncurrentVersionExpiration: { NoncurrentDays: defaultRetentionDays.noncurrent },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: defaultRetentionDays.incompleteMultipart },
        Expiration: { ExpiredObjectDeleteMarker: true },
      }),
    ]);
  });

  it("refuses a scratch retention shorter than the queue's message retention, naming the field", () => {
    expect(() => bucketLifecycleRules({ ...defaultRetentionDays, scratch: 7 })).toThrow(/scratch .* at least 15/);
    expect(() => bucketLifecycleRules({ ...defaultRetentionDays, noncurrent: 0.5 })).toThrow(/noncurrent/);
  });

  it("spells the same rules the way Pulumi's BucketLifecycleConfiguration takes them", () => {
    expect(pulumiLifecycleRules(bucketLifecycleRules())).toEqual([
      { id: "expire-scratch", status: "Enabled", filter: { prefix: "scratch/" }, expiration: { days: 30 } },
      {
        id: "expire-noncurrent-versions",
        status: "Enabled",
        filter: { prefix: "" },
        expiration: { expiredObjectDeleteMarker: true },
        noncurrentVersionExpiration: { noncurrentDays: 7 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
      },
    ]);
  });
});
