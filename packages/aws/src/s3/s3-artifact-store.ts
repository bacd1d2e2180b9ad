import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { type ArtifactStore, checkArtifactKey, JudgeloopError } from "@judgeloop/core";
import { isAwsError } from "../aws-errors.ts";

export interface S3ArtifactStoreOptions {
  bucket: string;
  /** Keys are stored under this folder of the bucket, e.g. "judgeloop"; default: the bucket's root. */
  prefix?: string;
}

const contentTypes: Record<string, string> = {
  json: "application/json",
  jsonl: "application/x-ndjson",
  html: "text/html; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  csv: "text/csv; charset=utf-8",
};

/**
 * An ArtifactStore in an S3 bucket, each artifact one object under `prefix/`. S3 replaces an
 * object whole on PUT, so readers see old or new bytes, never a mix (the port's atomic put).
 * No `IfNoneMatch` conditional create: the port does not ask for one, and fauxqs ignores it.
 *
 * @example
 * const store = new S3ArtifactStore(s3, { bucket: "judgeloop-data", prefix: "judgeloop" });
 * await putJson(store, "datasets/abc/version.json", { id: "abc" });
 */
export class S3ArtifactStore implements ArtifactStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(client: S3Client, options: S3ArtifactStoreOptions) {
    this.client = client;
    this.bucket = options.bucket;
    this.prefix = normalizePrefix(options.prefix);
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    checkArtifactKey(key);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.objectKey(key),
        Body: body,
        ContentType: contentTypeOf(key),
      }),
    );
  }

  async get(key: string): Promise<Uint8Array | null> {
    checkArtifactKey(key);
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (isAwsError(error, "NoSuchKey", "NotFound")) return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    checkArtifactKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (error) {
      if (isAwsError(error, "NotFound", "NoSuchKey")) return false;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix + prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) keys.push(object.Key.slice(this.prefix.length));
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return keys.sort();
  }

  private objectKey(key: string): string {
    return this.prefix + key;
  }
}

function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? "").replace(/\/+$/, "");
  if (trimmed === "") return "";
  try {
    checkArtifactKey(trimmed);
  } catch (error) {
    throw new JudgeloopError("bad_option", `S3ArtifactStore prefix ${JSON.stringify(trimmed)} is not a safe key path`, {
      cause: error,
    });
  }
  return `${trimmed}/`;
}

function contentTypeOf(key: string): string {
  const extension = key.slice(key.lastIndexOf(".") + 1);
  return contentTypes[extension] ?? "application/octet-stream";
}
