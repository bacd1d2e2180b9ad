import {
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { S3ArtifactStore } from "@judgeloop/aws";
import { getText, putJson, putText } from "@judgeloop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsEmulators, startAwsEmulators } from "./aws-fixtures.ts";

let aws: AwsEmulators;

beforeAll(async () => {
  aws = await startAwsEmulators();
});

afterAll(async () => {
  await aws.stop();
});

describe("S3ArtifactStore", () => {
  it("keeps artifacts under its prefix, invisible to a store with another prefix", async () => {
    const mine = new S3ArtifactStore(aws.fauxqs.s3, { bucket: aws.bucket, prefix: "team-a/" });
    const theirs = new S3ArtifactStore(aws.fauxqs.s3, { bucket: aws.bucket, prefix: "team-b" });

    await putText(mine, "programs/judge.json", "{}");

    expect(await mine.list("")).toEqual(["programs/judge.json"]);
    expect(await theirs.list("")).toEqual([]);
    expect(await theirs.exists("programs/judge.json")).toBe(false);
    const head = await aws.fauxqs.s3.send(
      new HeadObjectCommand({ Bucket: aws.bucket, Key: "team-a/programs/judge.json" }),
    );
    expect(head.ContentLength).toBe(2);
  });

  it("labels objects with a content type from the key's extension", async () => {
    const prefix = aws.freshPrefix();
    const store = new S3ArtifactStore(aws.fauxqs.s3, { bucket: aws.bucket, prefix });

    await putJson(store, "runs/r1/summary.json", { ok: true });
    await store.put("runs/r1/blob.bin", new Uint8Array([1]));

    const typeOf = async (key: string) =>
      (await aws.fauxqs.s3.send(new HeadObjectCommand({ Bucket: aws.bucket, Key: `${prefix}/${key}` }))).ContentType;
    expect(await typeOf("runs/r1/summary.json")).toBe("application/json");
    expect(await typeOf("runs/r1/blob.bin")).toBe("application/octet-stream");
  });

  it("uploads a body over fauxqs' 11 MiB request limit in parts, read back whole, and leaves no upload open", async () => {
    const store = new S3ArtifactStore(aws.fauxqs.s3, { bucket: aws.bucket, prefix: aws.freshPrefix() });
    // 12 MiB + 1 byte of a repeating pattern: three parts of 5 MiB, 5 MiB and the rest.
    const body = Uint8Array.from({ length: 12 * 1_048_576 + 1 }, (_, i) => i % 251);
    const parted = new S3ArtifactStore(aws.fauxqs.s3, {
      bucket: aws.bucket,
      prefix: aws.freshPrefix(),
      partBytes: 5 * 1_048_576,
    });

    await store.put("datasets/big/rows.jsonl", body);
    await parted.put("datasets/big/rows.jsonl", body);

    expect(Buffer.from((await store.get("datasets/big/rows.jsonl")) ?? []).equals(Buffer.from(body))).toBe(true);
    expect(Buffer.from((await parted.get("datasets/big/rows.jsonl")) ?? []).equals(Buffer.from(body))).toBe(true);
    const { Uploads = [] } = await aws.fauxqs.s3.send(new ListMultipartUploadsCommand({ Bucket: aws.bucket }));
    expect(Uploads).toEqual([]);
  });

  it("refuses a part size under S3's 5 MiB minimum", () => {
    expect(() => new S3ArtifactStore(aws.fauxqs.s3, { bucket: aws.bucket, partBytes: 1024 })).toThrow(/partBytes/);
  });

  it("lists more keys than one ListObjectsV2 page holds", async () => {
    const store = new S3ArtifactStore(aws.fauxqs.s3, { bucket: aws.bucket, prefix: aws.freshPrefix() });
    const keys = Array.from({ length: 1005 }, (_, i) => `many/${String(i).padStart(4, "0")}.txt`);
    for (let start = 0; start < keys.length; start += 50) {
      await Promise.all(keys.slice(start, start + 50).map((key) => putText(store, key, "x")));
    }

    expect(await store.list("many/")).toEqual(keys);
  });

  it("stores a run's scratch files under scratch/, where the lifecycle rule expires them, under unchanged keys", async () => {
    const prefix = aws.freshPrefix();
    const store = new S3ArtifactStore(aws.fauxqs.s3, { bucket: aws.bucket, prefix });

    await putText(store, "runs/r1/optimizer/jobs-0001.json", "[]");
    await putText(store, "queue-payloads/p1.json", "{}");
    await putText(store, "runs/r1/report.html", "<p>");

    const { Contents = [] } = await aws.fauxqs.s3.send(
      new ListObjectsV2Command({ Bucket: aws.bucket, Prefix: prefix }),
    );
    expect(Contents.map((object) => object.Key).sort()).toEqual([
      `${prefix}/runs/r1/report.html`,
      `${prefix}/scratch/queue-payloads/p1.json`,
      `${prefix}/scratch/runs/r1/optimizer/jobs-0001.json`,
    ]);
    expect(await store.list("runs/r1/")).toEqual(["runs/r1/optimizer/jobs-0001.json", "runs/r1/report.html"]);
    expect(await store.list("")).toEqual([
      "queue-payloads/p1.json",
      "runs/r1/optimizer/jobs-0001.json",
      "runs/r1/report.html",
    ]);
    expect(await getText(store, "runs/r1/optimizer/jobs-0001.json")).toBe("[]");
    expect(await store.exists("queue-payloads/p1.json")).toBe(true);
  });

  it("still reads a scratch file that an older store put at its plain place", async () => {
    const prefix = aws.freshPrefix();
    const store = new S3ArtifactStore(aws.fauxqs.s3, { bucket: aws.bucket, prefix });
    const key = "runs/r2/optimizer/state-0000.json";
    await aws.fauxqs.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: `${prefix}/${key}`, Body: "{}" }));

    expect(await getText(store, key)).toBe("{}");
    expect(await store.exists(key)).toBe(true);
  });

  it("refuses keys in the scratch folder itself, naming the key", async () => {
    const store = new S3ArtifactStore(aws.fauxqs.s3, { bucket: aws.bucket, prefix: aws.freshPrefix() });

    await expect(putText(store, "scratch/x.json", "{}")).rejects.toMatchObject({
      code: "bad_key",
      message: /scratch\/x\.json/,
    });
  });

  it("refuses a prefix that is not a safe key path", () => {
    expect(() => new S3ArtifactStore(aws.fauxqs.s3, { bucket: aws.bucket, prefix: "../up" })).toThrow(
      expect.objectContaining({ code: "bad_option" }),
    );
  });
});
