import { DictionaryBatch } from "apache-arrow/fb/dictionary-batch";
import type { Field } from "apache-arrow/fb/field";
import { Footer } from "apache-arrow/fb/footer";
import { Message } from "apache-arrow/fb/message";
import { MessageHeader } from "apache-arrow/fb/message-header";
import { RecordBatch } from "apache-arrow/fb/record-batch";
import { Schema } from "apache-arrow/fb/schema";
import { ByteBuffer } from "flatbuffers";

const fileMagic = "ARROW1";
/** Bytes of one element of a flatbuffer vector of tables (an offset) and of a FieldNode/Buffer struct. */
const offsetBytes = 4;
const structBytes = 16;

/**
 * Why apache-arrow must not be given these bytes, or undefined when their metadata is sound.
 * apache-arrow trusts the flatbuffer metadata of an IPC file: a corrupted child count, or a field
 * that lists itself among its children, makes it allocate until the process dies of memory.
 * This walks the same metadata with every count bounded by the bytes that hold it.
 *
 * @example
 * arrowMetadataProblem(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x10, 0, 0, 0])); // "a message runs past the end of the file"
 */
export function arrowMetadataProblem(bytes: Uint8Array): string | undefined {
  try {
    const isFile = new TextDecoder().decode(bytes.subarray(0, fileMagic.length)) === fileMagic;
    if (!isFile) return streamProblem(bytes, 0, bytes.length);
    const footerLength = new DataView(bytes.buffer, bytes.byteOffset).getInt32(bytes.length - 10, true);
    const footerStart = bytes.length - 10 - footerLength;
    if (footerLength <= 0 || footerStart < 8) return "its footer is out of bounds";
    const footer = Footer.getRootAsFooter(new ByteBuffer(bytes.subarray(footerStart, bytes.length - 10)));
    const schema = footer.schema();
    return (schema && schemaProblem(schema, footerLength)) ?? streamProblem(bytes, 8, footerStart);
  } catch {
    return "its metadata cannot be read";
  }
}

/** Checks the messages between `start` and `end`: continuation marker, length, metadata, body. */
function streamProblem(bytes: Uint8Array, start: number, end: number): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = start;
  while (at + 4 <= end) {
    let length = view.getInt32(at, true);
    at += 4;
    if (length === -1) {
      if (at + 4 > end) return undefined;
      length = view.getInt32(at, true);
      at += 4;
    }
    if (length === 0) return undefined;
    if (length < 0 || at + length > end) return "a message runs past the end of the file";
    const message = Message.getRootAsMessage(new ByteBuffer(bytes.subarray(at, at + length)));
    const problem = messageProblem(message, length);
    if (problem !== undefined) return problem;
    const body = message.bodyLength();
    if (body < 0n || BigInt(at + length) + body > BigInt(end)) return "a message body runs past the end of the file";
    at += length + Number(body);
  }
  return undefined;
}

function messageProblem(message: Message, metadataLength: number): string | undefined {
  switch (message.headerType()) {
    case MessageHeader.Schema:
      return schemaProblem(message.header(new Schema()) as Schema, metadataLength);
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

const corruptSchema = "its schema is corrupt (more fields than its metadata can hold)";
