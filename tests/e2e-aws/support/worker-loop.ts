import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

export type WorkerHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

export interface WorkerLoopOptions {
  sqs: SQSClient;
  queueUrl: string;
  handler: WorkerHandler;
  /** Records per invocation (the event source mapping's batch size); default 10. */
  batchSize?: number;
  /** Seconds a received batch stays hidden (the queue's visibility timeout); default 30. */
  visibilitySeconds?: number;
  /**
   * What happens to the records the handler reported failed: `reset` (default) makes them visible
   * at once, to keep tests fast; `keep` leaves them as Lambda does, hidden until their visibility
   * timeout (the queue's, or what the worker changed it to) runs out.
   */
  failed?: "reset" | "keep";
  /** Called with every event and its response, for assertions. */
  onBatch?: (event: SQSEvent, response: SQSBatchResponse) => void;
}

/** A running loop: what it has done so far, and how to stop it. */
export interface WorkerLoop {
  readonly invocations: number;
  /** Resolves once no batch is in flight and the loop has ended; rethrows a handler crash. */
  stop(): Promise<void>;
}

/**
 * Plays Lambda's SQS event source mapping: receives batches, invokes the worker handler with
 * the SQS event they make, deletes the records it did not report as failed, and makes the failed
 * ones visible again at once (instead of after the visibility timeout, to keep tests fast; with
 * `failed: "keep"` it leaves them as Lambda does). The
 * queue's redrive policy then dead-letters a record that keeps failing, as on AWS.
 *
 * @example
 * const loop = startWorkerLoop({ sqs, queueUrl, handler });
 * await somethingThatNeedsJobsDone();
 * await loop.stop();
 */
export function startWorkerLoop(options: WorkerLoopOptions): WorkerLoop {
  let running = true;
  let invocations = 0;
  const done = (async () => {
    while (running) {
      const { Messages } = await options.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: options.batchSize ?? 10,
          VisibilityTimeout: options.visibilitySeconds ?? 30,
          WaitTimeSeconds: 0,
          MessageSystemAttributeNames: ["All"],
        }),
      );
      if (!Messages || Messages.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      invocations++;
      await invoke(options, Messages);
    }
  })();
  return {
    get invocations() {
      return invocations;
    },
    async stop() {
      running = false;
      await done;
    },
  };
}

async function invoke(options: WorkerLoopOptions, messages: Message[]): Promise<void> {
  const event: SQSEvent = { Records: messages.map((message) => sqsRecord(message, options.queueUrl)) };
  const response = await options.handler(event);
  options.onBatch?.(event, response);
  const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
  const entries = (keep: boolean) =>
    messages
      .filter((message) => failed.has(message.MessageId ?? "") === keep)
      .map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle ?? "" }));
  const succeeded = entries(false);
  const retried = entries(true);
  if (succeeded.length > 0) {
    await options.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: options.queueUrl, Entries: succeeded }));
  }
  if (retried.length > 0 && options.failed !== "keep") {
    await options.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: options.queueUrl,
        Entries: retried.map((entry) => ({ ...entry, VisibilityTimeout: 0 })),
      }),
    );
  }
}

/** The record Lambda builds from a received message. */
export function sqsRecord(message: Message, queueUrl: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? "",
    receiptHandle: message.ReceiptHandle ?? "",
    body: message.Body ?? "",
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? "1",
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? "e2e",
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? "",
    eventSource: "aws:sqs",
    eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${queueUrl.split("/").at(-1)}`,
    awsRegion: "us-east-1",
  };
}
