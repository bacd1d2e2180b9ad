import { type EvaluationRecord, evaluate, exactMatch } from "@judgeloop/core";
import { startSimServer } from "@judgeloop/local";
import { httpJudge } from "./http-judge.ts";
import { judgeExamples } from "./judge-examples.ts";
import { type PeakMemory, quantile, sampleMemory } from "./measure.ts";

export interface EvaluationLoadOptions {
  examples: number;
  rpm: number;
  latencyMs: number;
  concurrency: number;
}

export interface EvaluationLoadResult extends EvaluationLoadOptions {
  seconds: number;
  requestsPerSecond: number;
  boundPerSecond: number;
  ratio: number;
  p50LatencyMs: number;
  p99LatencyMs: number;
  rateLimited: number;
  retries: number;
  scored: number;
  failed: number;
  /** Examples without exactly one record that is either scored or an error with a reason. */
  lost: number;
  memory: PeakMemory;
}

/**
 * Evaluates `examples` judge examples against an in-process `sim serve` with an rpm limit,
 * through the OpenAI provider, the shared rate limiter and retries (as bench/throughput.ts does),
 * and checks that no example is lost.
 *
 * @example
 * const result = await runEvaluationLoad({ examples: 5_000, rpm: 3_000, latencyMs: 100, concurrency: 16 });
 */
export async function runEvaluationLoad(options: EvaluationLoadOptions): Promise<EvaluationLoadResult> {
  const examples = judgeExamples(options.examples);
  const server = await startSimServer({ rpm: options.rpm, latencyMs: options.latencyMs });
  const memory = sampleMemory();
  try {
    const { judge, retries } = httpJudge(server.baseURL, options);

    const started = performance.now();
    const result = await evaluate(judge, examples, exactMatch("satisfied"), { concurrency: options.concurrency });
    const seconds = (performance.now() - started) / 1000;

    const { completed, rateLimited } = server.stats();
    const boundPerSecond = Math.min(options.rpm / 60, options.concurrency / (options.latencyMs / 1000));
    const latencies = result.records.map((record) => record.latencyMs);
    return {
      ...options,
      seconds,
      requestsPerSecond: completed / seconds,
      boundPerSecond,
      ratio: completed / seconds / boundPerSecond,
      p50LatencyMs: quantile(latencies, 0.5),
      p99LatencyMs: quantile(latencies, 0.99),
      rateLimited,
      retries: retries(),
      scored: result.records.filter((record) => record.status === "scored").length,
      failed: result.records.filter((record) => record.status === "error").length,
      lost: lostExamples(
        examples.map((example) => example.id ?? null),
        result.records,
      ),
      memory: memory.stop(),
    };
  } finally {
    memory.stop();
    await server.close();
  }
}

/**
 * Counts the examples that do not have exactly one accounted-for record: a record with a
 * score, or an error record without a score that names its kind and reason.
 */
export function lostExamples(ids: readonly (string | null)[], records: readonly EvaluationRecord[]): number {
  const byIndex = new Map<number, EvaluationRecord[]>();
  for (const record of records) byIndex.set(record.index, [...(byIndex.get(record.index) ?? []), record]);
  let lost = 0;
  ids.forEach((id, index) => {
    const found = byIndex.get(index) ?? [];
    const record = found[0];
    if (found.length !== 1 || record === undefined || record.exampleId !== id || !accountedFor(record)) lost++;
  });
  return lost + [...byIndex.keys()].filter((index) => index < 0 || index >= ids.length).length;
}

function accountedFor(record: EvaluationRecord): boolean {
  if (record.status === "scored") return typeof record.score === "number";
  if (record.status === "error") return record.score === null && !!record.errorKind && !!record.errorMessage;
  return false;
}
