import { main } from "../main.ts";

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in this process through main(), capturing what it writes. In-process keeps a
 * suite fast; prepare.test.ts runs the real executable.
 *
 * @example
 * const { code, stdout } = await judgeloopInProcess("generate", "--dataset", id, "--json");
 */
export async function judgeloopInProcess(...args: string[]): Promise<CliOutcome> {
  const written = { stdout: "", stderr: "" };
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = (stream: "stdout" | "stderr") =>
    ((chunk: string | Uint8Array) => {
      written[stream] += typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk);
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture("stdout");
  process.stderr.write = capture("stderr");
  try {
    return { code: await main(args), ...written };
  } finally {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
  }
}
