import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { type ArtifactStore, checkArtifactKey, JudgeloopError } from "@judgeloop/core";
import { isAwsError } from "../aws-errors.ts";
import { isScratchKey, scratchFolder } from "./retention.ts";

export interface S3ArtifactStoreOptions {
  bucket: string;
  /** Keys are stored under this folder of the bucket, e.g. "judgeloop"; default: the bucket's root. */
  prefix?: string;
  /** Bodies larger than this go up as a multipart upload in parts of this size; default 8 MiB. */
  partBytes?: number;
}

/**
 * Above this size a body is uploaded in parts: one PUT is limited to 5 GB on S3 and to 11 MiB on
 * fauxqs, and a failed part is retried alone instead of the whole body (a 20k-conversation
 * dataset is ~30 MB). S3's minimum part size is 5 MiB (except the last).
 */
const defaultPartBytes = 8 * 1_048_576;
const minimumPartBytes = 5 * 1_048_576;

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
 * Scratch artifacts (a run's per-step files, see `isScratchKey`) are stored under
 * `<prefix>/scratch/<key>`, where the bucket's lifecycle rule expires them; their keys, as the
 * port sees them, are unchanged, and `list` merges both folders. A scratch key missing there is
 * also looked for at its plain place, where stores before this layout put it.
 *
 * @example
 * const store = new S3ArtifactStore(s3, { bucket: "judgeloop-data", prefix: "judgeloop" });
 * await putJson(store, "datasets/abc/version.json", { id: "abc" });
 */
export class S3ArtifactStore implements ArtifactStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly partBytes: number;

  constructor(client: S3Client, options: S3ArtifactStoreOptions) {
    this.client = client;
    this.bucket = options.bucket;
    this.prefix = normalizePrefix(options.prefix);
    this.partBytes = options.partBytes ?? defaultPartBytes;
    if (!Number.isInteger(this.partBytes) || this.partBytes < minimumPartBytes) {
      throw new JudgeloopError(
        "bad_option",
        `S3ArtifactStore partBytes: at least ${minimumPartBytes} (S3's minimum part)`,
      );
    }
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    checkKey(key);
    if (body.byteLength > this.partBytes) return this.putInParts(this.objectKey(key), contentTypeOf(key), body);
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
    checkKey(key);
    const stored = await this.getObject(this.objectKey(key));
    if (stored !== null || !isScratchKey(key)) return stored;
    return this.getObject(this.prefix + key);
  }

  async exists(key: string): Promise<boolean> {
    checkKey(key);
    if (await this.headObject(this.objectKey(key))) return true;
    return isScratchKey(key) && this.headObject(this.prefix + key);
  }

  async list(prefix: string): Promise<string[]> {
    const scratch = this.prefix + scratchFolder;
    // The scratch folder's own listing would otherwise show up as keys under "scratch/".
    const plain = (await this.listObjects(this.prefix + prefix)).filter((objectKey) => !objectKey.startsWith(scratch));
    const keys = new Set(plain.map((objectKey) => objectKey.slice(this.prefix.length)));
    for (const objectKey of await this.listObjects(scratch + prefix)) keys.add(objectKey.slice(scratch.length));
    return [...keys].sort();
  }

  /**
   * A multipart upload: the object appears whole when the upload completes (readers still see old
   * or new bytes), and an upload that fails is aborted so its parts are not kept (and billed).
   */
  private async putInParts(objectKey: string, contentType: string, body: Uint8Array): Promise<void> {
    const target = { Bucket: this.bucket, Key: objectKey };
    const { UploadId } = await this.client.send(
      new CreateMultipartUploadCommand({ ...target, ContentType: contentType }),
    );
    if (!UploadId) throw new JudgeloopError("s3_error", `S3 returned no upload id for ${objectKey}`);
    try {
      const parts: { ETag: string | undefined; PartNumber: number }[] = [];
      for (let start = 0; start < body.byteLength; start += this.partBytes) {
        const PartNumber = parts.length + 1;
        const { ETag } = await this.client.send(
          new UploadPartCommand({
            ...target,
            UploadId,
            PartNumber,
            Body: body.subarray(start, start + this.partBytes),
          }),
        );
        parts.push({ ETag, PartNumber });
      }
      await this.client.send(
        new CompleteMultipartUploadCommand({ ...target, UploadId, MultipartUpload: { Parts: parts } }),
      );
    } catch (error) {
      await this.client.send(new AbortMultipartUploadCommand({ ...target, UploadId })).catch(() => undefined);
      throw error;
    }
  }

  /** Where `key` is stored: under the scratch folder when it is scratch. */
  private objectKey(key: string): string {
    return isScratchKey(key) ? this.prefix + scratchFolder + key : this.prefix + key;
  }

  private async getObject(objectKey: string): Promise<Uint8Array | null> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (isAwsError(error, "NoSuchKey", "NotFound")) return null;
      throw error;
    }
  }

  private async headObject(objectKey: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      return true;
    } catch (error) {
      if (isAwsError(error, "NotFound", "NoSuchKey")) return false;
      throw error;
    }
  }

  private async listObjects(prefix: string): Promise<string[]> {
    const objectKeys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) if (object.Key !== undefined) objectKeys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return objectKeys;
  }
}

/** A safe key outside the scratch folder, which this store keeps for scratch artifacts. */
function checkKey(key: string): void {
  checkArtifactKey(key);
  if (key.startsWith(scratchFolder)) {
    throw new JudgeloopError(
      "bad_key",
      `artifact key ${JSON.stringify(key)}: "${scratchFolder}" is reserved for scratch files`,
    );
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
