import {
  appendReply,
  createGoldJudge,
  type EvaluateResult,
  type Example,
  type GoldCheckData,
  type GoldVerdictData,
  goldCheck,
  goldLabels,
  type LM,
  type Program,
  type VerdictData,
} from "@judgeloop/core";

/** What the gold check of `judgeloop compare` needs besides the two evaluations. */
export interface CompareGoldRequest {
  /** The baseline program: its first predictor's last output (not `reasoning`) is the reply. */
  program: Program;
  examples: readonly Example[];
  before: EvaluateResult;
  after: EvaluateResult;
  goldModel: string;
  lm: LM;
  concurrency: number;
  seed: string;
}

/**
 * `compare --gold-model M`: the gold judge (the pipeline's rubric, temperature 0) labels every
 * reply of both programs, and goldCheck sets the judge metric's verdicts beside gold's: gold
 * pass rates, the gap between the two gains, agreement, disagreements and length bias.
 *
 * @example
 * const gold = await compareGold({ program, examples, before, after, goldModel: "sim/gold", lm, concurrency: 8, seed });
 */
export async function compareGold(request: CompareGoldRequest): Promise<GoldCheckData> {
  const replyField = replyFieldOf(request.program);
  const side = async (result: EvaluateResult) => {
    const judged = judgedOf(result, replyField);
    const gold = await goldOf(judged, request);
    return { judged, gold };
  };
  return goldCheck(
    { baseline: await side(request.before), optimized: await side(request.after) },
    { seed: `${request.seed}/gold`, model: request.goldModel },
  );
}

function replyFieldOf(program: Program): string {
  const [, predictor] = program.namedPredictors()[0] ?? [];
  return predictor?.signature.outputs.filter((f) => f.name !== "reasoning").at(-1)?.name ?? "reply";
}

/** The judge metric's verdict on each scored reply, keyed like the comparison (id or `#index`). */
function judgedOf(result: EvaluateResult, replyField: string): Map<string, VerdictData & { conversation: string }> {
  const judged = new Map<string, VerdictData & { conversation: string }>();
  for (const record of result.records) {
    const reply = record.outputs?.[replyField];
    const conversation = Object.values(record.inputs)[0];
    if (record.status !== "scored" || record.score === null || typeof reply !== "string") continue;
    if (typeof conversation !== "string") continue;
    // The judge metric's feedback is "The judge said …: <critique>"; keep the critique only.
    const critique = record.feedback?.replace(/^The judge said [^:]*: /, "") ?? null;
    judged.set(record.exampleId ?? `#${record.index}`, { reply, verdict: record.score >= 0.5, critique, conversation });
  }
  return judged;
}

async function goldOf(
  judged: Map<string, VerdictData & { conversation: string }>,
  request: CompareGoldRequest,
): Promise<Map<string, GoldVerdictData>> {
  const rows = [...judged].map(([id, { conversation, reply }]) => ({
    conversation_id: id,
    transcript: appendReply(conversation, reply),
  }));
  const { labels } = await goldLabels(rows, createGoldJudge(), {
    lm: request.lm,
    transcriptField: "transcript",
    concurrency: request.concurrency,
  });
  return new Map(
    labels.map((label) => [
      label.conversation_id,
      { verdict: label.satisfied, critique: label.critique === "" ? null : label.critique, source: "model" as const },
    ]),
  );
}
