import { evaluate } from "../evaluate/evaluate.ts";
import type { EvaluateProgress, EvaluationRecord } from "../evaluate/types.ts";
import type { LM, Usage } from "../lm/types.ts";
import { ChainOfThought } from "../module/chain-of-thought.ts";
import { Example } from "../module/example.ts";
import type { PredictOptions } from "../module/predict.ts";
import { Signature } from "../signature/signature.ts";
import type { Label } from "./labels.ts";
import type { Row } from "./parsed-rows.ts";

/**
 * The rubric of the gold judge. Written for a strong model acting as the subject-matter
 * expert: it names each criterion with what passing looks like, and asks for a critique short
 * enough to read in a table.
 */
export const goldJudgeInstructions = [
  "You review customer-support conversations for an airline. The transcript ends with the support agent's latest reply;",
  "decide whether that reply would leave the customer satisfied.",
  "",
  "Judge the latest support reply on these criteria:",
  "1. Answer quality: it addresses the customer's actual question or problem with accurate, relevant help. When no",
  "   answer is possible it says so plainly and offers a concrete next step or resolution (DM us, a link, a phone number).",
  "2. Professional tone: it is polite, respectful and calm, also toward an angry customer; it shows empathy and",
  "   acknowledges the customer's situation where that fits, never dismissive.",
  "3. Appropriate response to feedback: thanks and praise are acknowledged warmly, complaints are taken seriously with",
  "   an apology and follow-up, and a customer who only vents is not lectured.",
  "4. Concise and clear communication: short, to the point and easy to follow; no filler, no rambling, no jargon.",
  "",
  "The customer is satisfied only when the reply meets all four criteria well enough that a reasonable customer",
  "would not need to complain again. Write a critique of one or two sentences naming what decided the verdict.",
].join("\n");

/**
 * The gold judge's signature: the transcript in, a boolean verdict and a short critique out.
 *
 * @example
 * goldJudgeSignature().outputs.map((f) => f.name); // ["satisfied", "critique"]
 */
export function goldJudgeSignature(): Signature {
  return Signature.fromSpec({
    inputs: {
      transcript: {
        type: "string",
        description: "The company and the conversation, ending with the support reply to judge",
      },
    },
    outputs: {
      satisfied: { type: "boolean", description: "Whether the latest support reply satisfies the customer" },
      critique: { type: "string", description: "One or two sentences on what decided the verdict" },
    },
    instructions: goldJudgeInstructions,
  });
}

/**
 * The gold judge program: ChainOfThought over the rubric, so the model reasons before its
 * verdict. Bind it to any LM, the simulator included.
 *
 * @example
 * const judge = createGoldJudge({ lm });
 * (await judge.call({ transcript })).get("satisfied");
 */
export function createGoldJudge(options: PredictOptions = {}): ChainOfThought {
  return new ChainOfThought(goldJudgeSignature(), { name: "gold_judge", ...options });
}

export interface GoldLabelOptions {
  lm: LM;
  /** The row field holding the full transcript (conversation plus the reply to judge). */
  transcriptField: string;
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: EvaluateProgress) => void;
}

/** A row the gold judge could not label, and why (an LM error kind, never the prompt). */
export interface GoldLabelFailure {
  conversation_id: string;
  errorKind: string;
  message: string;
}

export interface GoldLabelResult {
  labels: Label[];
  failures: GoldLabelFailure[];
  usage: Usage & { calls: number };
  costUsd: number | null;
  simulated: boolean;
}

/**
 * Labels every row with the gold judge. A row whose call fails is reported as a failure, not
 * guessed; the caller decides whether a partial set is acceptable.
 *
 * @example
 * const { labels, failures } = await goldLabels(rows, createGoldJudge(), { lm, transcriptField: "output_transcript" });
 */
export async function goldLabels(
  rows: readonly Row[],
  judge: ChainOfThought,
  options: GoldLabelOptions,
): Promise<GoldLabelResult> {
  const result = await evaluate(judge, goldJudgeExamples(rows, options.transcriptField), () => true, {
    lm: options.lm,
    concurrency: options.concurrency ?? 8,
    temperature: goldJudgeTemperature,
    ...(options.signal !== undefined && { signal: options.signal }),
    ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
  });
  const { labels, failures } = goldLabelsOf(result.records);
  return { labels, failures, usage: result.usage, costUsd: result.costUsd, simulated: result.simulated };
}

/** The gold judge samples at temperature 0: the same transcript always gets the same label. */
export const goldJudgeTemperature = 0;

/**
 * The gold judge's examples: each row's full transcript, keyed by conversation id.
 *
 * @example
 * goldJudgeExamples(rows, "output_transcript")[0]?.inputs(); // { transcript: "Company: ..." }
 */
export function goldJudgeExamples(rows: readonly Row[], transcriptField: string): Example[] {
  return rows.map(
    (row) =>
      new Example({ transcript: row[transcriptField] }, { id: String(row.conversation_id), inputs: ["transcript"] }),
  );
}

/**
 * Labels from the gold judge's records; a record without a verdict is a failure with its reason.
 *
 * @example
 * const { labels, failures } = goldLabelsOf(result.records);
 */
export function goldLabelsOf(records: readonly EvaluationRecord[]): Pick<GoldLabelResult, "labels" | "failures"> {
  const labels: Label[] = [];
  const failures: GoldLabelFailure[] = [];
  for (const record of records) {
    const id = record.exampleId ?? String(record.index);
    const satisfied = record.outputs?.satisfied;
    if (record.status === "scored" && typeof satisfied === "boolean") {
      labels.push({ conversation_id: id, satisfied, critique: String(record.outputs?.critique ?? "").trim() });
    } else {
      const errorKind = record.errorKind ?? record.status;
      failures.push({ conversation_id: id, errorKind, message: record.errorMessage ?? "no verdict" });
    }
  }
  return { labels, failures };
}
