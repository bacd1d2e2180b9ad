import { BatchGetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { JudgeloopError } from "@judgeloop/core";
import { runKeys } from "./run-item.ts";
import { tableKeys } from "./table.ts";

/** BatchGetItem's limit of keys per request. */
const keysPerBatch = 100;
const maxRounds = 8;

type Key = Record<string, string>;

/**
 * The stored results of `jobIds` (absent ones left out), read with BatchGetItem in batches of
 * 100 and strongly consistent, so a result put a moment ago is seen. Keys the service leaves
 * unprocessed (throttling) are asked again with a short backoff.
 *
 * @example
 * const results = await getResultItems(documents, "judgeloop", "run-1", ["job-1", "job-2"]);
 */
export async function getResultItems(
  documents: DynamoDBDocumentClient,
  tableName: string,
  runId: string,
  jobIds: readonly string[],
): Promise<Map<string, unknown>> {
  const found = new Map<string, unknown>();
  const unique = [...new Set(jobIds)];
  for (let start = 0; start < unique.length; start += keysPerBatch) {
    const keys = unique.slice(start, start + keysPerBatch).map((jobId) => resultKey(runId, jobId));
    for (const item of await batchGet(documents, tableName, keys)) {
      const jobId = String(item[tableKeys.sort]).slice(runKeys.result("").length);
      found.set(jobId, JSON.parse(String(item.result)));
    }
  }
  return new Map(jobIds.filter((jobId) => found.has(jobId)).map((jobId) => [jobId, found.get(jobId)]));
}

async function batchGet(documents: DynamoDBDocumentClient, tableName: string, keys: Key[]) {
  const items: Record<string, unknown>[] = [];
  let pending = keys;
  for (let round = 0; pending.length > 0; round++) {
    if (round === maxRounds) {
      throw new JudgeloopError(
        "results_unavailable",
        `${pending.length} results stayed unprocessed after ${round} reads`,
      );
    }
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** round));
    const response = await documents.send(
      new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
    );
    items.push(...(response.Responses?.[tableName] ?? []));
    pending = (response.UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
  }
  return items;
}

function resultKey(runId: string, jobId: string): Key {
  return { [tableKeys.partition]: runKeys.partition(runId), [tableKeys.sort]: runKeys.result(jobId) };
}
