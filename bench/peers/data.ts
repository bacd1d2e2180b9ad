/**
 * The judge data every peer sees: the shipped airline conversations, prepared by judgeloop's data
 * module (language filter, seeded truncation ending on a customer turn, seeded sample and nested
 * splits, exactly as `judgeloop prepare` does with the example's config), then given a support
 * reply to judge and a gold label from the simulator's truth.
 */
import { readFileSync } from "node:fs";
import {
  appendReply,
  conversationSchema,
  dataInputOf,
  Example,
  loadLanguageDetector,
  loadRows,
  Predict,
  parseConfigText,
  parseTurns,
  prepareConversations,
  type Row,
  SimLM,
  type SimWorld,
  simulatedTruth,
  simWorld,
  splitRows,
} from "@judgeloop/core";

export interface JudgeData {
  /** Examples the optimizers learn from (bootstrapped demos, proposals). */
  train: Example[];
  /** Examples the optimizers select candidates on. */
  val: Example[];
  /** The judge-validation split: never seen by an optimizer, scored at the end. */
  heldOut: Example[];
}

export interface JudgeDataOptions {
  trainSize: number;
  valSize: number;
  /** At most this many held-out examples (the split has 200 with the shipped config). */
  heldOutSize: number;
  /** The simulated world whose hidden rule labels the data (default "default"); see `simWorldNames()`. */
  world?: string;
}

const exampleDir = new URL("../../examples/airline-support/", import.meta.url);

/**
 * Prepares the judge splits in one simulated world. Half the transcripts end on the airline's
 * real next reply (mostly failing the world's truth), half on a reply the in-process simulator
 * writes in that world under the world's `writerInstructions` (mostly passing), so the labels are
 * about balanced. No reply is written through the benchmarked server, so data preparation costs
 * no counted call.
 *
 * @example
 * const { train, val, heldOut } = await prepareJudgeData({ trainSize: 100, valSize: 100, heldOutSize: 200 });
 */
export async function prepareJudgeData(options: JudgeDataOptions): Promise<JudgeData> {
  const config = parseConfigText(readFileSync(new URL("judgeloop.config.json", exampleDir), "utf8"), "config");
  const file = new URL(dataInputOf(config.data, "bench:peers"), exampleDir);
  const rows = loadRows(
    { format: "jsonl", file: file.pathname, text: readFileSync(file, "utf8") },
    {
      schema: conversationSchema,
    },
  );
  const { datasets } = prepareConversations(rows, config.prepare, {
    detector: await loadLanguageDetector(),
    source: { format: "jsonl", map: {} },
    createdAt: "2025-01-01T00:00:00.000Z",
  });
  const { part: valRows, rest } = splitRows(datasets.judgeTrain.rows, options.valSize, "bench-peers", "peers-val");
  const world = simWorld(options.world);
  const writer = new Predict("company_and_transcript -> reply", { lm: new SimLM("sim/strong", { world: world.name }) });
  writer.signature = writer.signature.withInstructions(world.writerInstructions);
  return {
    train: await judgeExamples(rest.slice(0, options.trainSize), writer, world),
    val: await judgeExamples(valRows, writer, world),
    heldOut: await judgeExamples(datasets.judgeValidation.rows.slice(0, options.heldOutSize), writer, world),
  };
}

async function judgeExamples(rows: readonly Row[], writer: Predict, world: SimWorld): Promise<Example[]> {
  const examples: Example[] = [];
  for (const [index, row] of rows.entries()) {
    const pending = String(row.company_and_transcript);
    const real = index % 2 === 0 ? realNextReply(row) : undefined;
    const reply = real ?? String((await writer.call({ company_and_transcript: pending })).get("reply"));
    const transcript = appendReply(pending, reply);
    const satisfied = simulatedTruth(transcript, world).verdict;
    examples.push(new Example({ transcript, satisfied }, { id: String(row.conversation_id) }).withInputs("transcript"));
  }
  return examples;
}

/** The airline's own reply right after the truncation point, when the next turn is support's. */
function realNextReply(row: Row): string | undefined {
  const turns = parseTurns(String(row.conversation));
  const next = turns[Number(row.turns_kept)];
  return next?.speaker === "support" ? next.text : undefined;
}

/**
 * The share of examples whose gold label is "satisfied".
 *
 * @example
 * positiveShare(heldOut); // e.g. 0.48
 */
export function positiveShare(examples: readonly Example[]): number {
  return examples.filter((e) => e.get("satisfied") === true).length / Math.max(1, examples.length);
}
