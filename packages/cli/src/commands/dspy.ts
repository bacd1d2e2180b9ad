import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import {
  type ExportDspyOptions,
  exportDspyProgram,
  type ImportDspyOptions,
  importDspyProgram,
  JudgeloopError,
  type PredictorState,
  type ProgramState,
} from "@judgeloop/core";
import { type Command, InvalidArgumentError } from "commander";
import { info, printJson } from "../output.ts";

type FieldTypes = NonNullable<ImportDspyOptions["types"]>;

interface ImportFlags {
  out: string;
  name?: string;
  inputs?: string[];
  type: FieldTypes;
  json?: boolean;
}

interface ExportFlags {
  out: string;
  sidecar: boolean;
  json?: boolean;
}

/**
 * `judgeloop import-dspy FILE --out FILE` and `judgeloop export-dspy FILE --out FILE`: convert
 * between DSPy's saved-program JSON (any version in, 3.x out) and judgeloop's program state.
 *
 * @example
 * registerDspyCommands(program); // then: judgeloop import-dspy optimized.json --out program.json --json
 */
export function registerDspyCommands(program: Command): void {
  program
    .command("import-dspy")
    .description("convert a program saved by DSPy's module.save() (any version) into a judgeloop program")
    .argument("<file>", "the DSPy saved-program JSON")
    .requiredOption("--out <file>", "where to write the judgeloop program JSON")
    .option("--name <name>", "the program's name (a predictor DSPy saved as `self` takes it)")
    .option("--inputs <names>", "comma-separated input field names, when the save cannot tell inputs apart", list)
    .option(
      "--type <field=type>",
      "a field's type: string, boolean, number, integer, string[], enum:a,b (repeatable)",
      addType,
      {},
    )
    .option("--json", "print {out, predictors} as JSON on stdout")
    .action(async (file: string, flags: ImportFlags) => {
      const state = importDspyProgram(await readJson(file), importOptions(flags));
      await writeJsonAtomically(flags.out, state);
      report(describeImport(file, flags.out, state), flags, state);
    });
  program
    .command("export-dspy")
    .description("write a judgeloop program in DSPy 3.x saved-program format (loadable with module.load())")
    .argument("<file>", "the judgeloop program JSON")
    .requiredOption("--out <file>", "where to write the DSPy JSON")
    .option("--no-sidecar", "leave out metadata.judgeloop (field names, types and roles for an exact re-import)")
    .option("--json", "print {out, predictors} as JSON on stdout")
    .action(async (file: string, flags: ExportFlags) => {
      // exportDspyProgram checks the state's shape itself, naming the path of anything malformed.
      const state = (await readJson(file)) as ProgramState;
      const options: ExportDspyOptions = { sidecar: flags.sidecar };
      await writeJsonAtomically(flags.out, exportDspyProgram(state, options));
      report(`Exported ${file} to ${flags.out} (DSPy 3.x format)`, flags, state);
    });
}

function importOptions(flags: ImportFlags): ImportDspyOptions {
  return {
    ...(flags.name !== undefined && { name: flags.name }),
    ...(flags.inputs !== undefined && { inputs: flags.inputs }),
    types: flags.type,
  };
}

function describeImport(file: string, out: string, state: ProgramState): string {
  const from = state.metadata?.importedFrom as { dependencyVersions?: { dspy?: unknown } } | undefined;
  const version = from?.dependencyVersions?.dspy;
  return `Imported ${file}${typeof version === "string" ? ` (DSPy ${version})` : ""} to ${out}`;
}

function report(headline: string, flags: { out: string; json?: boolean }, state: ProgramState): void {
  const json = flags.json === true;
  const predictors = Object.entries(state.predictors).map(([name, predictor]) => summary(name, predictor));
  info(headline, json);
  for (const p of predictors) {
    const lm = p.lm === null ? "" : `, bound to ${p.lm}`;
    info(`  ${p.name} (${p.kind}): ${p.inputs.join(", ")} -> ${p.outputs.join(", ")}, ${p.demos} demos${lm}`, json);
  }
  const importedFrom = state.metadata?.importedFrom as { warnings?: unknown } | undefined;
  const warnings = Array.isArray(importedFrom?.warnings) ? importedFrom.warnings : [];
  for (const warning of warnings) process.stderr.write(`warning: ${String(warning)}\n`);
  if (json) printJson({ out: flags.out, predictors });
}

function summary(name: string, predictor: PredictorState) {
  const names = (fields: readonly { name: string }[]) => fields.map((field) => field.name);
  return {
    name,
    kind: predictor.kind,
    inputs: names(predictor.signature.inputs),
    outputs: names(predictor.signature.outputs),
    demos: predictor.demos.length,
    lm: predictor.lm,
  };
}

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw new JudgeloopError("not_found", `${file}: no such file`);
    throw error;
  });
  try {
    return JSON.parse(text);
  } catch (error) {
    // JSON.parse quotes the text around the fault; keep only where it is, never the content.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const where = position === undefined ? "" : ` (at character ${position})`;
    throw new JudgeloopError("bad_json", `${file}: not valid JSON${where}`);
  }
}

/** Writes next to the target, then renames: a failure never leaves a half-written file. */
async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, "utf8");
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function list(value: string): string[] {
  return value
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

const simpleTypes = ["string", "boolean", "number", "integer", "string[]"] as const;

function addType(value: string, previous: FieldTypes): FieldTypes {
  const [field, type] = [value.slice(0, value.indexOf("=")), value.slice(value.indexOf("=") + 1)];
  if (!value.includes("=") || field === "") throw new InvalidArgumentError("expected FIELD=TYPE");
  if (type.startsWith("enum:")) return { ...previous, [field]: { kind: "enum", values: list(type.slice(5)) } };
  const simple = simpleTypes.find((name) => name === type);
  if (simple === undefined) {
    throw new InvalidArgumentError(`unknown type "${type}" (${simpleTypes.join(", ")}, enum:a,b)`);
  }
  return { ...previous, [field]: { kind: simple } };
}
