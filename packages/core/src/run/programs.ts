import { JudgeloopError } from "../errors.ts";
import type { LMResolver } from "../module/call-options.ts";
import { Predict } from "../module/predict.ts";
import { Program } from "../module/program.ts";
import type { ProgramState } from "../module/state.ts";
import { Signature } from "../signature/signature.ts";

/** The generator's predictor name, its input field (made by prepare) and its output field. */
export const generatorPredictor = "generate_reply";
export const generatorInput = "company_and_transcript";
export const generatorOutput = "reply";

/** The judge's predictor name and fields: the full transcript in, a critique and a verdict out. */
export const judgePredictor = "judge";
export const judgeInput = "transcript";
export const judgeVerdict = "satisfied";
export const judgeCritique = "critique";

/**
 * The baseline instructions are deliberately plain, as a team's first prompt would be: they name
 * none of the qualities the SME cares about, which is what the optimizers are there to find.
 */
export const baselineGeneratorInstructions = "Write the next Support message in this conversation.";
export const baselineJudgeInstructions = "Decide whether the customer is satisfied with the last Support message.";

/**
 * The baseline generator: one Predict from the company and transcript so far to the next reply.
 *
 * @example
 * const generator = baselineGenerator();
 * await generator.call({ company_and_transcript: "Company: Delta\nTranscript so far: Customer: hi" }, { defaultLM: lm });
 */
export function baselineGenerator(): Program {
  const signature = Signature.fromSpec({
    inputs: {
      [generatorInput]: {
        type: "string",
        description: "The airline and the conversation so far, ending with the customer's message",
      },
    },
    outputs: { [generatorOutput]: { type: "string", description: "The next Support message" } },
    instructions: baselineGeneratorInstructions,
  });
  return singlePredictorProgram(generatorPredictor, new Predict(signature), "generator");
}

/**
 * The baseline judge: one Predict from the full transcript (ending with the reply) to a short
 * critique and a boolean verdict; critique first, so the verdict follows from it.
 *
 * @example
 * const verdict = (await baselineJudge().call({ transcript }, { defaultLM: lm })).get("satisfied");
 */
export function baselineJudge(): Program {
  const signature = Signature.fromSpec({
    inputs: {
      [judgeInput]: { type: "string", description: "The airline and the conversation, ending with a Support reply" },
    },
    outputs: {
      [judgeCritique]: { type: "string", description: "One or two sentences on the last Support reply" },
      [judgeVerdict]: { type: "boolean", description: "Whether the last Support reply satisfies the customer" },
    },
    instructions: baselineJudgeInstructions,
  });
  return singlePredictorProgram(judgePredictor, new Predict(signature), "judge");
}

/**
 * A program of one predictor whose forward just calls it: the shape of every program the
 * pipeline optimizes, and of single-predictor programs loaded from a file.
 *
 * @example
 * const program = singlePredictorProgram("qa", new Predict("question -> answer"));
 */
export function singlePredictorProgram(name: string, predictor: Predict, programName?: string): Program {
  return new Program({ [name]: predictor }, (predictors, inputs, ctx) => callOnly(predictors, inputs, ctx), {
    ...(programName !== undefined && { name: programName }),
  });
}

/**
 * Rebuilds a saved single-predictor program (a pipeline generator or judge, or a file from
 * `optimize`). A program with several predictors needs its own forward code, so it is refused.
 *
 * @example
 * const judge = programFromState(JSON.parse(text), { resolveLM });
 */
export function programFromState(state: ProgramState, options: { resolveLM?: LMResolver } = {}): Program {
  const names = Object.keys(state?.predictors ?? {});
  if (names.length !== 1) {
    throw new JudgeloopError(
      "unsupported_program",
      `only single-predictor programs can run without their own code; this one has ${names.length} (${names.join(", ") || "none"})`,
    );
  }
  return Program.fromState(state, (predictors, inputs, ctx) => callOnly(predictors, inputs, ctx), {
    ...(options.resolveLM && { resolveLM: options.resolveLM }),
  });
}

function callOnly(predictors: Record<string, Predict>, inputs: Record<string, unknown>, ctx: object) {
  const [predictor] = Object.values(predictors);
  if (!predictor) throw new JudgeloopError("bad_program", "the program has no predictor");
  return predictor.call(inputs, ctx);
}
