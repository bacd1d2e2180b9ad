import { z } from "zod";
import { JSONAdapter } from "../adapter/json-adapter.ts";
import { countMessageTokens } from "../lm/tokens.ts";
import { Predict } from "../module/predict.ts";
import { Signature } from "../signature/signature.ts";
import { Random } from "../util/random.ts";
import type { SeedQuestion } from "./synthesis-seeds.ts";
import type { TurnRange } from "./synthesized-turns.ts";

/** The synthesis predictor's fields: what the prompt gives the model and what it must return. */
export const synthesisInputs = ["company", "seed_question", "turn_count", "customer_style"] as const;
export const synthesisOutput = "turns";

/**
 * The instructions of the synthesis prompt. They name every rule the output is checked
 * against, so a model that follows them is never refused.
 */
export const synthesisInstructions = [
  "Write a realistic customer-support conversation on social media between a customer and the airline's Support team.",
  "The customer opens with the seed question, in their own words, and writes in the given style.",
  "Customer and Support take turns, starting with the Customer; write exactly turn_count turns, in English.",
  "Support answers politely and concretely for this airline; no turn is empty.",
].join(" ");

/** How customers write, one picked per conversation so the same seed yields different conversations. */
export const customerStyles = [
  "polite and brief",
  "frustrated, short sentences",
  "chatty, gives a lot of detail",
  "in a hurry, direct",
  "confused, asks follow-up questions",
  "sarcastic but clear about the problem",
] as const;

/** One conversation to write: which seed it comes from and what the prompt asks for. */
export interface SynthesisSlot {
  index: number;
  seed: SeedQuestion;
  company: string;
  turnCount: number;
  customerStyle: string;
}

/**
 * The synthesis predictor: company, seed question, turn count and customer style in, the
 * conversation as a JSON list of `{role, text}` turns out. The list is typed loosely on purpose:
 * role and turn rules are checked by checkSynthesizedTurns, so a breach is a counted, retried
 * rejection with a reason instead of an opaque parse failure.
 *
 * @example
 * const predictor = synthesisPredictor();
 * predictor.signature.outputs[0]?.name; // "turns"
 */
export function synthesisPredictor(): Predict {
  const turnSchema = z.object({ role: z.string(), text: z.string() });
  const signature = Signature.fromSpec({
    inputs: {
      company: { type: "string", description: "The airline the customer writes to" },
      seed_question: { type: "string", description: "The customer's question the conversation is about" },
      turn_count: { type: "integer", description: "How many turns to write, both sides counted" },
      customer_style: { type: "string", description: "How the customer writes" },
    },
    outputs: {
      [synthesisOutput]: {
        type: z.array(turnSchema),
        description: 'The conversation: a list of {"role": "Customer" or "Support", "text": "..."}',
      },
    },
    instructions: synthesisInstructions,
  });
  return new Predict(signature);
}

/**
 * The conversations to write: slot i takes seed i (cycling through the file when `n` is larger),
 * and a turn count and customer style drawn from `seed`, so the same flags plan the same prompts
 * (and a re-run answers from the LM cache).
 *
 * @example
 * planSynthesis(seeds, { n: 50, turns: { min: 2, max: 6 }, seed: 7, company: "Delta Air Lines" });
 */
export function planSynthesis(
  seeds: readonly SeedQuestion[],
  options: { n: number; turns: TurnRange; seed: string | number; company?: string },
): SynthesisSlot[] {
  const slots: SynthesisSlot[] = [];
  for (let index = 0; index < options.n; index++) {
    const seed = seeds[index % seeds.length];
    if (seed === undefined) break;
    const random = new Random(`${options.seed}/synthesize/${index}`);
    slots.push({
      index,
      seed,
      company: seed.company ?? options.company ?? "",
      turnCount: random.intBetween(options.turns.min, options.turns.max),
      customerStyle: random.pick(customerStyles),
    });
  }
  return slots;
}

/**
 * The predictor's inputs for one slot.
 *
 * @example
 * await synthesisPredictor().call(slotInputs(slot), { lm });
 */
export function slotInputs(slot: SynthesisSlot): Record<string, unknown> {
  return {
    company: slot.company,
    seed_question: slot.seed.question,
    turn_count: slot.turnCount,
    customer_style: slot.customerStyle,
  };
}

/** Output tokens one turn takes, generously: a tweet-length message plus its JSON wrapping. */
const outputTokensPerTurn = 70;

/**
 * Tokens of one synthesis call: the mean rendered prompt over the first slots, and an output
 * of `turns.max` turns; `estimateWorkload` turns them into dollars.
 *
 * @example
 * const { inputTokensPerCall, outputTokensPerCall } = synthesisCallTokens(slots, { min: 2, max: 6 });
 */
export function synthesisCallTokens(
  slots: readonly SynthesisSlot[],
  turns: TurnRange,
): { inputTokensPerCall: number; outputTokensPerCall: number } {
  const predictor = synthesisPredictor();
  const adapter = new JSONAdapter();
  const sample = slots.slice(0, 50);
  const total = sample.reduce(
    (sum, slot) => sum + countMessageTokens(adapter.format(predictor.signature, predictor.demos, slotInputs(slot))),
    0,
  );
  return {
    inputTokensPerCall: sample.length === 0 ? 0 : Math.ceil(total / sample.length),
    outputTokensPerCall: turns.max * outputTokensPerTurn,
  };
}

/** A typical support turn: what stands in for the ones a model has not written yet. */
const standInSupportTurn =
  "We're sorry to hear about the trouble with your booking. Please DM us your confirmation number and we'll look into it right away.";

/**
 * Conversations that stand in for the ones `data.synthesize` will write, for estimating a run
 * before any call: one per slot, as long as the longest allowed (`turns.max`), the customer
 * asking the seed question each time, so the estimate is an upper bound.
 *
 * @example
 * const rows = synthesisStandIns(seeds, { n: 50, turns: { min: 2, max: 6 }, seed: 0 });
 */
export function synthesisStandIns(
  seeds: readonly SeedQuestion[],
  options: { n: number; turns: TurnRange; seed: string | number; company?: string },
): Record<string, unknown>[] {
  return planSynthesis(seeds, options).map((slot) => {
    const turns = Array.from({ length: options.turns.max }, (_, i) =>
      i % 2 === 0 ? `Customer: ${slot.seed.question}` : `Support: ${standInSupportTurn}`,
    );
    return {
      conversation_id: `synth-estimate-${slot.index + 1}`,
      company: slot.company,
      conversation: turns.join("\n"),
      seed_question: slot.seed.question,
    };
  });
}
