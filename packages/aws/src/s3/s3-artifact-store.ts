import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { type ArtifactStore, checkArtifactKey, JudgeloopError } from "@judgeloop/core";
import { isAwsError } from "../aws-errors.ts";
import { isScratchKey, scratchFolder } from "./retention.ts";

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

  constructor(client: S3Client, options: S3ArtifactStoreOptions) {
    this.client = client;
    this.bucket = options.bucket;
    this.prefix = normalizePrefix(options.prefix);
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    checkKey(key);
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
