import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// Test support: the real `judgeloop` executable, run as a user would, offline (no provider key
// reaches it, so every model is simulated).

const bin = fileURLToPath(new URL("../../../packages/cli/bin/judgeloop.js", import.meta.url));
export const conversationsFile = fileURLToPath(
  new URL("../../../examples/airline-support/conversations.jsonl", import.meta.url),
);

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

const providerVariables = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OPENAI_BASE_URL"];

/** The test's environment without provider settings, plus `extra`. */
export function offlineEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [...providerVariables, "JUDGELOOP_PAUSE_AT", "JUDGELOOP_SIM_CALL_LOG", "JUDGELOOP_HOME"]) {
    delete env[name];
  }
  return { ...env, ...extra };
}

/** A command that has not ended by then is killed, so a hang fails its test instead of the suite. */
const commandTimeoutMs = 150_000;

/** Runs `judgeloop args…` to its end. */
export function judgeloop(args: string[], env: NodeJS.ProcessEnv = offlineEnv()): Promise<Outcome> {
  return new Promise((resolve) => {
    const options = { env, maxBuffer: 64 * 1024 * 1024, timeout: commandTimeoutMs, killSignal: "SIGKILL" as const };
    execFile(process.execPath, [bin, ...args], options, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts `judgeloop args…` and resolves once its stderr shows `marker` (e.g. `paused at stage:label`). */
export function startUntil(
  args: string[],
  env: NodeJS.ProcessEnv,
  marker: string,
): Promise<{ child: ChildProcess; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stdout?.resume();
  return new Promise((resolve, reject) => {
    // A child that never reaches the marker is killed, so no test leaves a process behind.
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`judgeloop did not reach "${marker}" in time:\n${stderr}`));
    }, commandTimeoutMs);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!stderr.includes(marker)) return;
      clearTimeout(timer);
      resolve({ child, stderr });
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`judgeloop exited (${code}) before "${marker}":\n${stderr}`));
    });
  });
}

/** SIGKILLs a child started by startUntil and waits until it is gone. */
export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

/** A scratch directory, removed by the returned cleanup. */
export async function scratch(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `judgeloop-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A small pipeline config (60 judge conversations, 60 dev ones, few trials) that runs in a
 * few seconds on the simulator.
 */
export async function writeSmallConfig(dir: string, extra: Record<string, unknown> = {}): Promise<string> {
  const config = {
    name: "e2e-small",
    data: { input: conversationsFile },
    prepare: { seed: 10, sample: { size: 120 }, splits: { judgeSet: 60, judgeValidation: 25, devHoldout: 20 } },
    optimizer: { judge: { numTrials: 4 }, generator: { numTrials: 4 } },
    stability: { repeats: 2, examples: 10 },
    ...extra,
  };
  const file = join(dir, "small.config.json");
  await writeFile(file, JSON.stringify(config, null, 2));
  return file;
}

/** The lines of a sim call log (one per simulator call actually made); none when it does not exist. */
export async function loggedCalls(file: string): Promise<string[]> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.split("\n").filter((line) => line !== "");
}

/** The run id a pipeline announces on stderr. */
export function runIdIn(stderr: string): string {
  const match = /(?:starting|resuming) run (run-[0-9a-z-]+)/.exec(stderr);
  if (!match?.[1]) throw new Error(`no run id in:\n${stderr}`);
  return match[1];
}

/**
 * The first `count` bundled conversations as judged examples (`transcript`, and `satisfied`
 * alternating true/false) in a JSONL file: input for `judgeloop evaluate --metric exact:satisfied`.
 */
export async function writeJudgedExamples(file: string, count: number): Promise<void> {
  const rows = (await readFile(conversationsFile, "utf8"))
    .split("\n")
    .filter((line) => line.trim() !== "")
    .slice(0, count)
    .map((line) => JSON.parse(line) as { conversation_id: string; company: string; conversation: string });
  const examples = rows.map((row, i) => ({
    id: row.conversation_id,
    transcript: `Company: ${row.company}\nTranscript so far: ${row.conversation}`,
    satisfied: i % 2 === 0,
  }));
  await writeFile(file, examples.map((example) => JSON.stringify(example)).join("\n"));
}
