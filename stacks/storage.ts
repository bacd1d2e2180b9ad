// Datasets, saved programs and reports in one bucket; runs, results, budgets, cache and the
// model registry in one DynamoDB table (single-table design, packages/aws/src/dynamo/README.md).
import { bucketLifecycleRules, pulumiLifecycleRules } from "./lifecycle.ts";
import { bucketProtection } from "./policies.ts";
import { tableDesign } from "./settings.ts";

/** Private, versioned, HTTPS-only; public access blocked (bucketProtection). */
export const bucket = new sst.aws.Bucket("ArtifactBucket", {
  versioning: bucketProtection.versioning,
  enforceHttps: bucketProtection.enforceHttps,
  transform: { publicAccessBlock: { ...bucketProtection.publicAccessBlock } },
});

/** SSE-S3 for every object, stated explicitly rather than left to the account default. */
export const bucketEncryption = new aws.s3.BucketServerSideEncryptionConfiguration("ArtifactBucketEncryption", {
  bucket: bucket.name,
  rules: [
    {
      applyServerSideEncryptionByDefault: { sseAlgorithm: bucketProtection.encryption.sseAlgorithm },
      bucketKeyEnabled: bucketProtection.encryption.bucketKeyEnabled,
    },
  ],
});

/**
 * Expires scratch files (`scratch/`: per-step states, round jobs, overflowed messages, archived
 * dead letters) after 30 days, every noncurrent version after 7, incomplete multipart uploads
 * after 1 (stacks/lifecycle.ts): the bucket is versioned, so without rules nothing is deleted.
 */
export const bucketLifecycle = new aws.s3.BucketLifecycleConfiguration("ArtifactBucketLifecycle", {
  bucket: bucket.name,
  rules: pulumiLifecycleRules(bucketLifecycleRules()),
});

const { index } = tableDesign;

/** On-demand, encrypted at rest (DynamoDB always is), point-in-time recovery on. */
export const table = new sst.aws.Dynamo("RunTable", {
  fields: {
    [tableDesign.partitionKey]: "string",
    [tableDesign.sortKey]: "string",
    [index.partitionKey]: "string",
    [index.sortKey]: "string",
  },
  primaryIndex: { hashKey: tableDesign.partitionKey, rangeKey: tableDesign.sortKey },
  globalIndexes: { [index.name]: { hashKey: index.partitionKey, rangeKey: index.sortKey, projection: "all" } },
  ttl: tableDesign.ttlAttribute,
  deletionProtection: $app.stage === "production",
  transform: { table: { pointInTimeRecovery: { enabled: true } } },
});

/**
 * What functions link to find storage: names only. Linking the Bucket or Dynamo component
 * itself would grant `s3:*` / `dynamodb:*`; access comes from stacks/policies.ts instead.
 */
export const storage = new sst.Linkable("Storage", {
  properties: { bucketName: bucket.name, tableName: table.name },
});
