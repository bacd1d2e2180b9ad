import { evaluate } from "../evaluate/evaluate.ts";
import type { EvaluateResult, EvaluationRecord, StoppedReason } from "../evaluate/types.ts";
import type { LM, Usage } from "../lm/types.ts";
import { Example } from "../module/example.ts";
import type { Predict } from "../module/predict.ts";
import { contentHash } from "../util/canonical-json.ts";
import { formatTurns } from "./conversation.ts";
import { createDatasetVersion, type DatasetVersion } from "./dataset-version.ts";
import { conversationLanguage, type LanguageDetector } from "./language.ts";
import { defaultNearDuplicateThreshold, NearDuplicateIndex } from "./near-duplicates.ts";
import type { Row } from "./parsed-rows.ts";
import {
  planSynthesis,
  type SynthesisSlot,
  slotInputs,
  synthesisOutput,
  synthesisPredictor,
} from "./synthesis-plan.ts";
import type { SeedQuestion } from "./synthesis-seeds.ts";
import { checkSynthesizedTurns, type TurnRange } from "./synthesized-turns.ts";

export interface SynthesizeOptions {
  /** Conversations to write. */
  n: number;
  /** The LM that writes them (cached, budgeted by the caller). */
  lm: LM;
  /** Its `provider/model`, recorded on every row and in the lineage. */
  model: string;
  turns: TurnRange;
  seed: string | number;
  /** The seed file's name and sha256, for the lineage. */
  seedFile: { name: string; sha256: string };
  /** For seeds without a company column. */
  company?: string;
  detector: LanguageDetector;
  /** ISO 639-1 codes a conversation may be in; default English only. */
  languages?: readonly string[];
  /** Calls per conversation before it is reported as failed; default 3. */
  maxAttempts?: number;
  nearDuplicateThreshold?: number;
  concurrency?: number;
  createdAt?: string;
  signal?: AbortSignal;
  onProgress?: (progress: SynthesizeProgress) => void;
  /**
   * Makes one attempt's calls; default: `evaluate` in this process. The pipeline passes its
   * stage jobs instead (one job per conversation, on the run's job queue), and since the checks
   * run here on whatever comes back, both give the same dataset from the same answers.
   */
  runAttempt?: (attempt: SynthesisAttempt) => Promise<EvaluateResult>;
}

/**
 * One round of calls: the predictor on each pending slot's inputs (examples in slot order,
 * `id` the slot's index) with these sampling options.
 */
export interface SynthesisAttempt {
  attempt: number;
  predictor: Predict;
  examples: Example[];
  sampling: { temperature: number; rolloutId?: number };
}

/** One round's progress: attempt 1 asks for every conversation, later ones retry the refused. */
export interface SynthesizeProgress {
  attempt: number;
  done: number;
  total: number;
  errors: number;
}

/** Why an attempt was refused: an LM error kind, a turn rule, the language, or a near-duplicate. */
export interface SynthesisRejection {
  slot: number;
  seedId: string;
  attempt: number;
  code: string;
  reason: string;
}

export interface SynthesizeResult {
  /** The synthesized conversations as a dataset version, lineage included. */
  version: DatasetVersion;
  /** Slots that got no valid conversation in `maxAttempts`, with their last rejection. */
  failed: SynthesisRejection[];
  /** Every refused attempt, retried ones included. */
  rejections: SynthesisRejection[];
  /** Refused attempts by code. */
  rejectedByCode: Record<string, number>;
  usage: Usage & { calls: number };
  /** Calls answered from the LM cache (a re-run of the same synthesis answers them all from there). */
  cachedCalls: number;
  /** Null when a call's price is unknown. */
  costUsd: number | null;
  simulated: boolean;
  stoppedReason?: StoppedReason;
  stoppedMessage?: string;
}

/** The model is asked at temperature 1: a synthesized set needs variety, and retries need new draws. */
const synthesisTemperature = 1;

/**
 * Writes `n` support conversations from seed questions. Each attempt's output is checked
 * (checkSynthesizedTurns), then its language, then whether it nearly repeats a conversation kept
 * earlier; a refused attempt is retried with a new rollout, up to `maxAttempts` calls per
 * conversation, and what still fails is reported. Attempts run in rounds, and each round's
 * outputs are accepted in slot order, so the same seed, flags and cached answers give the same
 * dataset. A budget stop ends the rounds and keeps what was accepted.
 *
 * @example
 * const result = await synthesizeConversations(seeds, { n: 50, lm, model: "sim/strong", turns: { min: 2, max: 6 },
 *   seed: 1, seedFile: { name: "seeds.csv", sha256 }, detector });
 * result.version.rows[0]?.conversation; // "Customer: ...\nSupport: ..."
 */
export async function synthesizeConversations(
  seeds: readonly SeedQuestion[],
  options: SynthesizeOptions,
): Promise<SynthesizeResult> {
  const slots = planSynthesis(seeds, options);
  const counted = countingCached(options.lm);
  options = { ...options, lm: counted.lm };
  const maxAttempts = options.maxAttempts ?? 3;
  const threshold = options.nearDuplicateThreshold ?? defaultNearDuplicateThreshold;
  const planId = contentHash({ seed: options.seed, seeds: options.seedFile.sha256, n: options.n }).slice(0, 8);
  const accepted = new Map<number, Row>();
  const rejections: SynthesisRejection[] = [];
  const duplicates = new NearDuplicateIndex({ threshold });
  const tally = newTally();
  let pending = slots;
  for (let attempt = 1; attempt <= maxAttempts && pending.length > 0; attempt++) {
    const result = await runAttempt(pending, attempt, options);
    addUsage(tally, result);
    const context = { options, attempt, planId, duplicates };
    const refused = collectAttempt(pending, result.records, context, accepted);
    rejections.push(...refused);
    const refusedSlots = new Set(refused.map((r) => r.slot));
    pending = pending.filter((slot) => refusedSlots.has(slot.index));
    if (result.stoppedReason !== undefined) {
      tally.stoppedReason = result.stoppedReason;
      if (result.stoppedMessage !== undefined) tally.stoppedMessage = result.stoppedMessage;
      break;
    }
  }
  const rows = slots.flatMap((slot): Row[] => {
    const row = accepted.get(slot.index);
    return row === undefined ? [] : [row];
  });
  const lastRejection = new Map(rejections.map((r) => [r.slot, r]));
  const failed = pending.flatMap((slot) => lastRejection.get(slot.index) ?? []);
  const rejectedByCode = countBy(rejections.map((r) => r.code));
  const version = createDatasetVersion(
    rows,
    {
      parent: null,
      transform: "synthesize",
      params: {
        seeds: { file: options.seedFile.name, sha256: options.seedFile.sha256, count: seeds.length },
        model: options.model,
        n: options.n,
        turns: options.turns,
        languages: [...(options.languages ?? ["en"])],
        maxAttempts,
        nearDuplicateThreshold: threshold,
        program: contentHash(synthesisPredictor().toState()).slice(0, 16),
      },
      seed: options.seed,
      counts: { requested: options.n, failed: failed.length, ...prefixed("rejected_", rejectedByCode) },
    },
    options.createdAt,
  );
  return { version, failed, rejections, rejectedByCode, ...tally, cachedCalls: counted.cached() };
}

function runAttempt(
  slots: readonly SynthesisSlot[],
  attempt: number,
  options: SynthesizeOptions,
): Promise<EvaluateResult> {
  const request: SynthesisAttempt = {
    attempt,
    predictor: synthesisPredictor(),
    examples: slots.map(
      (slot) => new Example(slotInputs(slot), { id: String(slot.index), inputs: Object.keys(slotInputs(slot)) }),
    ),
    // The first attempt keeps the plain cache key; each retry asks for a new sample.
    sampling: { temperature: synthesisTemperature, ...(attempt > 1 && { rolloutId: attempt - 1 }) },
  };
  if (options.runAttempt) return options.runAttempt(request);
  return evaluate(request.predictor, request.examples, () => true, {
    lm: options.lm,
    ...request.sampling,
    concurrency: options.concurrency ?? 8,
    ...(options.signal && { signal: options.signal }),
    onProgress: (p) => options.onProgress?.({ attempt, done: p.done, total: p.total, errors: p.errors }),
  });
}

interface AttemptContext {
  options: SynthesizeOptions;
  attempt: number;
  planId: string;
  duplicates: NearDuplicateIndex;
}

/** Checks one round's outputs in slot order; accepted rows go into `accepted`, the rest come back. */
function collectAttempt(
  slots: readonly SynthesisSlot[],
  records: readonly EvaluationRecord[],
  context: AttemptContext,
  accepted: Map<number, Row>,
): SynthesisRejection[] {
  const refused: SynthesisRejection[] = [];
  slots.forEach((slot, index) => {
    const outcome = checkAttempt(slot, records[index], context);
    if ("row" in outcome) accepted.set(slot.index, outcome.row);
    else refused.push({ slot: slot.index, seedId: slot.seed.id, attempt: context.attempt, ...outcome });
  });
  return refused;
}

/** One answer through every check (rules, language, near-duplicates): its row, or why it was refused. */
function checkAttempt(
  slot: SynthesisSlot,
  record: EvaluationRecord | undefined,
  context: AttemptContext,
): { row: Row } | { code: string; reason: string } {
  if (record === undefined || record.status === "not_run") return { code: "not_run", reason: "the run stopped first" };
  if (record.status === "error") {
    return { code: record.errorKind ?? "error", reason: record.errorMessage ?? "the call failed" };
  }
  const checked = checkSynthesizedTurns(record.outputs?.[synthesisOutput], context.options.turns);
  if (!checked.ok) return { code: checked.code, reason: checked.reason };
  const conversation = formatTurns(checked.turns);
  const language = conversationLanguage(conversation, context.options.detector);
  const languages = context.options.languages ?? ["en"];
  if (!languages.includes(language)) {
    return { code: "language", reason: `written in ${language}, not ${languages.join("/")}` };
  }
  const id = `synth-${context.planId}-${String(slot.index + 1).padStart(5, "0")}`;
  const duplicate = context.duplicates.add(id, conversation);
  if (duplicate !== null) {
    return { code: "near_duplicate", reason: `Jaccard ${duplicate.similarity.toFixed(2)} with ${duplicate.key}` };
  }
  const row: Row = {
    conversation_id: id,
    company: slot.company,
    conversation,
    seed_id: slot.seed.id,
    seed_question: slot.seed.question,
    model: context.options.model,
    turns: checked.turns.length,
    ...(record.simulated && { simulated: true }),
  };
  return { row };
}

/** The LM, counting the answers that came from the cache. */
function countingCached(lm: LM): { lm: LM; cached: () => number } {
  let cached = 0;
  const counting: LM = {
    model: lm.model,
    capabilities: lm.capabilities,
    ...(lm.endpoint !== undefined && { endpoint: lm.endpoint }),
    async call(request) {
      const response = await lm.call(request);
      if (response.cached) cached++;
      return response;
    },
  };
  return { lm: counting, cached: () => cached };
}

type Tally = Pick<SynthesizeResult, "usage" | "costUsd" | "simulated" | "stoppedReason" | "stoppedMessage">;

function newTally(): Tally {
  return {
    usage: { calls: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 },
    costUsd: 0,
    simulated: false,
  };
}

function addUsage(tally: Tally, result: EvaluateResult): void {
  for (const key of ["calls", "inputTokens", "outputTokens", "cachedInputTokens", "reasoningTokens"] as const) {
    tally.usage[key] = (tally.usage[key] ?? 0) + (result.usage[key] ?? 0);
  }
  tally.costUsd = tally.costUsd === null || result.costUsd === null ? null : tally.costUsd + result.costUsd;
  tally.simulated ||= result.simulated;
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function prefixed(prefix: string, counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([key, count]) => [`${prefix}${key}`, count]));
}
