import { once } from "node:events";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { awsClients, createJobQueues, S3ArtifactStore, SqsJobQueue } from "@judgeloop/aws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, emulatorCredentials, emulatorRegion, startFauxqsEmulator } from "../../support/emulators.ts";

/**
 * A real HTTP proxy in front of fauxqs that answers the first `emptyReceives` ReceiveMessage
 * calls with no messages, as a real SQS short poll may when it samples servers that hold
 * none. Every other call goes through unchanged.
 */
interface FlakyProxy {
  endpoint: string;
  /** Empty answers still to give. */
  emptyReceives: number;
  receiveCalls: number;
  server: Server;
}

async function startFlakyProxy(target: string): Promise<FlakyProxy> {
  const upstream = new URL(target);
  const proxy: FlakyProxy = { endpoint: "", emptyReceives: 0, receiveCalls: 0, server: createServer() };
  proxy.server.on("request", (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      if (incoming.headers["x-amz-target"] === "AmazonSQS.ReceiveMessage") {
        proxy.receiveCalls++;
        if (proxy.emptyReceives > 0) {
          proxy.emptyReceives--;
          outgoing.writeHead(200, { "content-type": "application/x-amz-json-1.0" }).end("{}");
          return;
        }
      }
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: incoming.url,
          method: incoming.method,
          headers: incoming.headers,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forward.on("error", () => outgoing.writeHead(502).end());
      forward.end(body);
    });
  });
  proxy.server.listen(0, "127.0.0.1");
  await once(proxy.server, "listening");
  proxy.endpoint = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
  return proxy;
}

let fauxqs: Emulator;
let proxy: FlakyProxy;
const clients = () =>
  awsClients({ endpoint: proxy.endpoint, region: emulatorRegion, credentials: emulatorCredentials });
let serial = 0;

beforeAll(async () => {
  fauxqs = await startFauxqsEmulator();
  proxy = await startFlakyProxy(fauxqs.endpoint);
});

afterAll(async () => {
  proxy.server.close();
  await fauxqs.stop();
});

/** A queue whose 12 jobs sit in its dead-letter queue, reached through the proxy. */
async function queueWithDeadLetters() {
  const { sqs } = clients();
  const urls = await createJobQueues(sqs, { name: `reads-${++serial}`, maxReceives: 1 });
  const queue = new SqsJobQueue(sqs, { ...urls, maxReceives: 1 });
  const jobs = Array.from({ length: 12 }, (_, i) => ({
    id: `job-${i}`,
    runId: "run-1",
    kind: "judge",
    payload: { i },
  }));
  await queue.enqueueBatch(jobs);
  for (const delivery of [...(await queue.receive(10, 30_000)), ...(await queue.receive(10, 30_000))]) {
    await queue.fail(delivery.receipt, { retryDelayMs: 0, error: "boom" });
  }
  return { sqs, queue, urls };
}

describe("listDeadLetters through a receive that comes back empty while messages exist", () => {
  it("finds all 12 dead letters behind 5 empty receives, more than the 3 empties it needs in a row", async () => {
    const { sqs, queue } = await queueWithDeadLetters();
    proxy.emptyReceives = 5;
    proxy.receiveCalls = 0;

    const letters = await queue.listDeadLetters("run-1");

    expect(letters.map((letter) => letter.job.id).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `job-${i}`).sort(),
    );
    // 5 empty, 2 with messages, then 3 empty in a row that the queue's counts confirm.
    expect(proxy.receiveCalls).toBe(10);
    sqs.destroy();
  });

  it("the reader this replaces (short polls, stop at the first empty receive) finds none of them", async () => {
    const { sqs, urls } = await queueWithDeadLetters();
    proxy.emptyReceives = 5;

    // The previous peekDeadLetters loop, kept here to show the proxy's fault is one it missed.
    const found: string[] = [];
    for (;;) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: urls.deadLetterQueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
      );
      if (!Messages?.length) break;
      found.push(...Messages.map((message) => message.MessageId ?? ""));
    }
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: urls.deadLetterQueueUrl,
        AttributeNames: ["ApproximateNumberOfMessages"],
      }),
    );

    expect(found).toEqual([]);
    expect(Attributes?.ApproximateNumberOfMessages).toBe("12");
    proxy.emptyReceives = 0;
    sqs.destroy();
  });
});

describe("listDeadLetters with an archive: drained into S3, per run", () => {
  it("gives two runs sharing one DLQ exactly their own letters, empties the DLQ, and records a twice-dead job once", async () => {
    const { sqs, s3 } = clients();
    await s3.send(new CreateBucketCommand({ Bucket: "dead-letter-archive" }));
    const archive = new S3ArtifactStore(s3, { bucket: "dead-letter-archive", prefix: `test-${++serial}` });
    const urls = await createJobQueues(sqs, { name: `drain-${serial}`, maxReceives: 1 });
    const queue = new SqsJobQueue(sqs, { ...urls, maxReceives: 1, deadLetterArchive: archive });
    const job = (runId: string, id: string) => ({ id, runId, kind: "judge", payload: { id } });
    const killAll = async (error: string) => {
      for (let deliveries = await queue.receive(10, 30_000); deliveries.length > 0; ) {
        for (const delivery of deliveries) await queue.fail(delivery.receipt, { retryDelayMs: 0, error });
        deliveries = await queue.receive(10, 30_000);
      }
    };
    await queue.enqueueBatch([job("run-a", "job-1"), job("run-a", "job-2"), job("run-b", "job-1")]);
    await killAll("boom: first");
    // run-a's job-1 dies a second time (a re-driven copy): two messages for one job in the DLQ.
    await queue.enqueueBatch([job("run-a", "job-1")]);
    await killAll("boom: second");

    const runA = await queue.listDeadLetters("run-a");
    const runB = await queue.listDeadLetters("run-b");
    const again = await queue.listDeadLetters("run-a");

    expect(runA.map((letter) => [letter.job.id, letter.error]).sort()).toEqual([
      ["job-1", "boom: second"],
      ["job-2", "boom: first"],
    ]);
    expect(runB.map((letter) => [letter.job.runId, letter.job.id])).toEqual([["run-b", "job-1"]]);
    expect(again).toEqual(runA);
    expect((await archive.list("dead-letters/")).sort()).toEqual([
      "dead-letters/run-a/job-1.json",
      "dead-letters/run-a/job-2.json",
      "dead-letters/run-b/job-1.json",
    ]);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: urls.deadLetterQueueUrl,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      }),
    );
    expect(Attributes).toMatchObject({ ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" });
    sqs.destroy();
    s3.destroy();
  });
});
