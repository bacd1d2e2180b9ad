import { appendReply } from "../data/conversation.ts";
import { coerceBoolean } from "../data/row-schema.ts";
import { JudgeloopError } from "../errors.ts";
import type { Evaluable, Metric } from "../evaluate/types.ts";
import type { LM } from "../lm/types.ts";
import type { LMResolver } from "../module/call-options.ts";
import type { Example } from "../module/example.ts";
import type { Prediction } from "../module/prediction.ts";

export interface JudgeMetricOptions {
  /** The judge's input field that receives the transcript ending with the reply; default "transcript". */
  transcriptField?: string;
  /** The generator's output field holding the reply; default "reply". */
  replyField?: string;
  /** The example field holding the conversation so far; default the example's first input. */
  conversationField?: string;
  /** The judge's boolean output; default "satisfied". */
  verdictField?: string;
  /** The judge's critique output, passed on as the score's textual feedback; default "critique". */
  critiqueField?: string;
  /** Builds the judge's inputs from the example and the generator's prediction (replaces the field options). */
  compose?: (example: Example, prediction: Prediction) => Record<string, unknown>;
  /** LM for judge predictors not bound to their own; bind the judge to its own model this way or with `bind`. */
  lm?: LM;
  resolveLM?: LMResolver;
}

/**
 * A metric that asks a judge program whether the generator's reply satisfies the customer:
 * by default the reply is appended as the next `Support:` turn of the example's conversation
 * and passed as the judge's `transcript`; the metric is 1 when the judge says true, else 0.
 * The judge's LM calls are reported to the evaluation (usage, cost), so they count against the
 * same budget when the caller wraps the judge's LM with it. The judge's critique becomes the
 * score's textual feedback (what GEPA's reflection reads). A verdict that is not a boolean is
 * an error record, never a 0.
 *
 * @example
 * const metric = judgeMetric(judge, { replyField: "reply", conversationField: "company_and_transcript" });
 * await evaluate(generator, devset, metric);
 */
export function judgeMetric(judge: Evaluable, options: JudgeMetricOptions = {}): Metric {
  const verdictField = options.verdictField ?? "satisfied";
  const critiqueField = options.critiqueField ?? "critique";
  const compose = options.compose ?? defaultCompose(options);
  return async (example, prediction, ctx) => {
    const verdict = await judge.call(compose(example, prediction), {
      signal: ctx.signal,
      onCall: ctx.onCall,
      ...(options.lm && { defaultLM: options.lm }),
      ...(options.resolveLM && { resolveLM: options.resolveLM }),
    });
    const value = coerceBoolean(verdict.get(verdictField));
    if (value === undefined) {
      throw new JudgeloopError("bad_verdict", `the judge's \`${verdictField}\` is not true or false`);
    }
    const critique = verdict.get(critiqueField);
    if (typeof critique === "string" && critique.trim() !== "") {
      ctx.feedback?.(
        `The judge said ${value ? "the customer is satisfied" : "the customer is not satisfied"}: ${critique}`,
      );
    }
    return value ? 1 : 0;
  };
}

function defaultCompose(options: JudgeMetricOptions) {
  const transcriptField = options.transcriptField ?? "transcript";
  const replyField = options.replyField ?? "reply";
  return (example: Example, prediction: Prediction): Record<string, unknown> => {
    const field = options.conversationField ?? Object.keys(example.inputs())[0];
    const conversation = field === undefined ? undefined : example.get(field);
    const reply = prediction.get(replyField);
    if (typeof conversation !== "string") {
      throw new JudgeloopError("missing_input", `the example has no conversation text in \`${field ?? "(no input)"}\``);
    }
    if (typeof reply !== "string") {
      throw new JudgeloopError("missing_output", `the prediction has no \`${replyField}\` text to judge`);
    }
    return { [transcriptField]: appendReply(conversation, reply) };
  };
}
