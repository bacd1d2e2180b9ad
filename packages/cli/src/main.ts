import { startProcessTracing, stopProcessTracing } from "@judgeloop/local";
import { Command, CommanderError } from "commander";
import { registerCommands } from "./commands/index.ts";
import { describeError } from "./output.ts";
import { reportUnknownOptionsFirst } from "./unknown-options-first.ts";

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command("judgeloop")
    .description("Evaluation-driven prompt development: align an LLM judge, then optimize prompts against it.")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerCommands(program);
  reportUnknownOptionsFirst(program);
  // Loads the OpenTelemetry SDK only when an OTLP endpoint is set; spans are flushed before exit.
  await startProcessTracing(process.env, (line) => process.stderr.write(line));
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    process.stderr.write(`judgeloop: ${describeError(error)}\n`);
    return 1;
  } finally {
    await stopProcessTracing();
  }
}
