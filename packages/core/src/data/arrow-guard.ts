import type { Block } from "apache-arrow/fb/block";
import { DictionaryBatch } from "apache-arrow/fb/dictionary-batch";
import type { Field } from "apache-arrow/fb/field";
import { Footer } from "apache-arrow/fb/footer";
import { Message } from "apache-arrow/fb/message";
import { MessageHeader } from "apache-arrow/fb/message-header";
import { RecordBatch } from "apache-arrow/fb/record-batch";
import { Schema } from "apache-arrow/fb/schema";
import { ByteBuffer } from "flatbuffers";

const fileMagic = "ARROW1";
/** Bytes of a flatbuffer offset (one element of a vector of tables). */
const offsetBytes = 4;
/** Bytes of a FieldNode or Buffer struct, and of a file Block. */
const structBytes = 16;
const blockBytes = 24;

/**
 * Why apache-arrow must not be given these bytes, or undefined when their metadata is sound.
 * apache-arrow trusts an IPC file's flatbuffer metadata: a corrupted child count, or a field
 * listing itself among its children, makes it allocate until the process runs out of memory,
 * and a file block that points at anything but a record batch makes it loop forever. This walks
 * the same metadata first, every count bounded by the bytes that hold it.
 *
 * @example
 * arrowMetadataProblem(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x10, 0, 0, 0])); // "a message runs past the end of the file"
 */
export function arrowMetadataProblem(bytes: Uint8Array): string | undefined {
  try {
    const isFile = new TextDecoder().decode(bytes.subarray(0, fileMagic.length)) === fileMagic;
    return isFile ? fileProblem(bytes) : streamProblem(bytes, 0, bytes.length);
  } catch {
    return "its metadata cannot be read";
  }
}

/** The file format: the footer's schema and blocks, then the messages between magic and footer. */
function fileProblem(bytes: Uint8Array): string | undefined {
  const footerLength = view(bytes).getInt32(bytes.length - 10, true);
  const footerStart = bytes.length - 10 - footerLength;
  if (footerLength <= 0 || footerStart < 8) return "its footer is out of bounds";
  const footer = Footer.getRootAsFooter(new ByteBuffer(bytes.subarray(footerStart, bytes.length - 10)));
  const blocks = footer.recordBatchesLength() + footer.dictionariesLength();
  if (blocks * blockBytes > footerLength) return "its footer lists more batches than it holds";
  for (let i = 0; i < footer.recordBatchesLength(); i++) {
    const problem = blockProblem(bytes, footer.recordBatches(i), MessageHeader.RecordBatch, footerStart);
    if (problem !== undefined) return problem;
  }
  for (let i = 0; i < footer.dictionariesLength(); i++) {
    const problem = blockProblem(bytes, footer.dictionaries(i), MessageHeader.DictionaryBatch, footerStart);
    if (problem !== undefined) return problem;
  }
  return schemaProblem(footer.schema(), footerLength) ?? streamProblem(bytes, 8, footerStart);
}

/** A block must point at a message of the kind it lists; apache-arrow rereads any other forever. */
function blockProblem(bytes: Uint8Array, block: Block | null, kind: MessageHeader, end: number): string | undefined {
  if (block === null) return undefined;
  const read = readMessage(bytes, Number(block.offset()), end);
  if (typeof read === "string") return read;
  return read?.message.headerType() === kind ? undefined : "a file block points at the wrong kind of message";
}

/** Checks the messages between `start` and `end`: continuation marker, length, metadata, body. */
function streamProblem(bytes: Uint8Array, start: number, end: number): string | undefined {
  for (let at = start; at + 4 <= end; ) {
    const read = readMessage(bytes, at, end);
    if (read === undefined || typeof read === "string") return read;
    const problem = messageProblem(read.message, read.metadataLength);
    if (problem !== undefined) return problem;
    at = read.next;
  }
  return undefined;
}

interface ReadMessage {
  message: Message;
  metadataLength: number;
  /** Where the next message starts, after this one's body. */
  next: number;
}

/** The message at `at`; undefined at the end-of-stream marker, a reason when it does not fit. */
function readMessage(bytes: Uint8Array, at: number, end: number): ReadMessage | string | undefined {
  if (!Number.isSafeInteger(at) || at < 0 || at + 4 > end) return "a message starts outside the file";
  let start = at + 4;
  let length = view(bytes).getInt32(at, true);
  if (length === -1 && start + 4 <= end) {
    length = view(bytes).getInt32(start, true);
    start += 4;
  }
  if (length === 0 || length === -1) return undefined;
  if (length < 0 || start + length > end) return "a message runs past the end of the file";
  const message = Message.getRootAsMessage(new ByteBuffer(bytes.subarray(start, start + length)));
  const body = message.bodyLength();
  if (body < 0n || BigInt(start + length) + body > BigInt(end)) return "a message body runs past the end of the file";
  return { message, metadataLength: length, next: start + length + Number(body) };
}

function messageProblem(message: Message, metadataLength: number): string | undefined {
  switch (message.headerType()) {
    case MessageHeader.Schema:
      return schemaProblem(message.header(new Schema()) as Schema | null, metadataLength);
    case MessageHeader.RecordBatch:
      return batchProblem(message.header(new RecordBatch()) as RecordBatch | null, metadataLength);
    case MessageHeader.DictionaryBatch: {
      const dictionary = message.header(new DictionaryBatch()) as DictionaryBatch | null;
      return batchProblem(dictionary?.data() ?? null, metadataLength);
    }
    default:
      return undefined;
  }
}

function batchProblem(batch: RecordBatch | null, metadataLength: number): string | undefined {
  if (batch === null) return undefined;
  const fits =
    batch.nodesLength() * structBytes <= metadataLength &&
    batch.buffersLength() * structBytes <= metadataLength &&
    batch.variadicBufferCountsLength() * 8 <= metadataLength;
  return fits ? undefined : "a record batch lists more columns than its metadata holds";
}

/** Walks the field tree with its own stack; a sound tree has fewer fields than offsets fit in its bytes. */
function schemaProblem(schema: Schema | null, metadataLength: number): string | undefined {
  if (schema === null) return undefined;
  const limit = metadataLength / offsetBytes;
  if (schema.fieldsLength() > limit || schema.customMetadataLength() > limit) return corruptSchema;
  const pending: Field[] = [];
  for (let i = 0; i < schema.fieldsLength(); i++) pushField(pending, schema.fields(i));
  let visited = 0;
  for (let field = pending.pop(); field !== undefined; field = pending.pop()) {
    visited += 1;
    const children = field.childrenLength();
    if (visited + pending.length + children > limit || field.customMetadataLength() > limit) return corruptSchema;
    for (let i = 0; i < children; i++) pushField(pending, field.children(i));
  }
  return undefined;
}

function pushField(pending: Field[], field: Field | null): void {
  if (field !== null) pending.push(field);
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const corruptSchema = "its schema is corrupt (more fields than its metadata can hold)";
