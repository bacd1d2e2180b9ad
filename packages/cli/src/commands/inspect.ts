import {
  baselineGenerator,
  baselineJudge,
  diffPrograms,
  inspectProgram,
  JudgeloopError,
  type ProgramDiff,
  type ProgramState,
  programFromState,
} from "@judgeloop/core";
import { readProgramFile } from "@judgeloop/local";
import type { Command } from "commander";
import { info, printJson } from "../output.ts";

interface InspectFlags {
  example?: string;
  baseline?: string;
  json?: boolean;
}

/**
 * `judgeloop inspect PROGRAM`: the final prompt as rendered messages for one example (like
 * DSPy's inspect_history, without calling anything), and what changed against the baseline.
 *
 * @example
 * judgeloop inspect .judgeloop/runs/run-1/programs/judge.json --example '{"transcript": "Customer: hi\nSupport: hello"}'
 */
export function registerInspect(program: Command): void {
  program
    .command("inspect")
    .description("show a program's rendered prompt for one example and its diff against the baseline")
    .argument("<program>", "a saved judgeloop program (JSON)")
    .option("--example <json>", "the example's inputs as a JSON object (default: placeholders named after the inputs)")
    .option("--baseline <file>", "the program to diff against (default: the pipeline's baseline for its role, if any)")
    .option("--json", "print {predictors: [{predictor, messages}], diff} as JSON on stdout")
    .action(async (file: string, flags: InspectFlags) => {
      const state = await readProgramFile(file);
      const program = programFromState(state);
      const example = flags.example === undefined ? placeholders(state) : parseExample(flags.example);
      const rendered = inspectProgram(program, example);
      const baseline = flags.baseline === undefined ? roleBaseline(state) : await readProgramFile(flags.baseline);
      const diff = baseline === undefined ? null : diffPrograms(baseline, state);
      if (flags.json) return printJson({ program: file, predictors: rendered, diff });
      for (const { predictor, messages, missingInputs } of rendered) {
        info(`== ${predictor}`, false);
        if (messages === null) info(`(missing inputs: ${missingInputs.join(", ")})`, false);
        for (const message of messages ?? []) info(`--- ${message.role}\n${message.content}`, false);
      }
      info(describeDiff(diff), false);
    });
}

function parseExample(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new JudgeloopError("bad_input", "--example is not valid JSON", { cause: error });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new JudgeloopError("bad_input", "--example must be a JSON object of input values");
  }
  return value as Record<string, unknown>;
}

/** `{field}` for every input, so the prompt shows where each input goes. */
function placeholders(state: ProgramState): Record<string, unknown> {
  const fields = Object.values(state.predictors).flatMap((p) => p.signature.inputs.map((f) => f.name));
  return Object.fromEntries(fields.map((name) => [name, `{${name}}`]));
}

/** Programs the pipeline saved know their role, and so their baseline. */
function roleBaseline(state: ProgramState): ProgramState | undefined {
  const role = state.metadata?.role;
  if (role === "judge") return baselineJudge().toState();
  if (role === "generator") return baselineGenerator().toState();
  return undefined;
}

function describeDiff(diff: ProgramDiff | null): string {
  if (diff === null) return "\n(no baseline to diff against: pass --baseline FILE)";
  if (!diff.changed) return "\nunchanged from the baseline";
  const lines = ["", "changes against the baseline:"];
  for (const p of diff.predictors) {
    if (p.instructions.changed) {
      lines.push(
        `  ${p.predictor} instructions:`,
        `    before: ${p.instructions.before}`,
        `    after:  ${p.instructions.after}`,
      );
    }
    lines.push(
      `  ${p.predictor} demos: ${p.demos.before} → ${p.demos.after} (${p.demos.added.length} added, ${p.demos.removed.length} removed)`,
    );
  }
  return lines.join("\n");
}
