import {
  createDatasetVersion,
  type DataProblem,
  DatasetError,
  type DatasetSource,
  type DatasetVersion,
  parseSeedQuestions,
  type RunRecord,
  type SeedQuestion,
  saveDatasetVersion,
} from "@judgeloop/core";
import { ApiError } from "./api-error.ts";
import type { ApiLimits } from "./body-guard.ts";
import type { ApiRunConfig } from "./run-service.ts";
import type { SynthesizeRequest } from "./schemas/synthesize.ts";
import { type StartRunDeps, startRunOnce } from "./start-run.ts";

const shownProblems = 5;

/**
 * POST /v1/synthesize as one use case: the seed questions are checked (every problem located:
 * `seeds.rows[2].question`, `seeds.csv line 4`), stored as a dataset version of kind `seeds`,
 * and a run is started that writes the conversations from them and ends after `prepare`
 * (`data.synthesize` on that dataset). Its calls are stage jobs like every other stage's, on
 * the local workers or the SQS ones, against the request's caps; the same Idempotency-Key
 * returns the same run. Bad seeds are refused before anything is stored.
 *
 * @example
 * const { run, seeds } = await startSynthesis(context, { idempotencyKey, request });
 */
export async function startSynthesis(
  deps: StartRunDeps & { now: () => Date },
  args: { idempotencyKey: string; request: SynthesizeRequest },
): Promise<{ run: RunRecord; created: boolean; seeds: DatasetVersion }> {
  const { request } = args;
  const seeds = checkedSeeds(request, deps.limits);
  if (request.budget.capUsd > deps.limits.maxRunCapUsd) {
    const message = `a run may commit at most $${deps.limits.maxRunCapUsd} on this server`;
    throw new ApiError(422, "cap_above_limit", message, "budget.capUsd");
  }
  const version = seedsVersion(seeds, request.name, deps.now());
  // Stored before the run is admitted (the run reads it); an identical upload finds it again.
  await saveDatasetVersion(deps.artifacts, version);
  const { seeds: _inline, budget, name, ...synthesize } = request;
  // The sections left out (prepare, models, limits, ...) take their defaults when the run's config is parsed.
  const config = { name: `synthesize-${name}`, data: { dataset: version.id, synthesize } } as unknown as ApiRunConfig;
  const started = await startRunOnce(deps, {
    idempotencyKey: args.idempotencyKey,
    config,
    budget,
    endAfter: "prepare",
  });
  return { ...started, seeds: version };
}

/** The request's seeds, parsed as a seed file is; every problem located in the request. */
function checkedSeeds(request: SynthesizeRequest, limits: ApiLimits): SeedQuestion[] {
  const source = sourceOf(request.seeds);
  let seeds: SeedQuestion[];
  try {
    seeds = parseSeedQuestions(source);
  } catch (error) {
    if (error instanceof DatasetError) throw seedsRejection(error.problems, request.seeds.rows !== undefined);
    throw error;
  }
  if (seeds.length > limits.maxDatasetRows) {
    throw new ApiError(400, "bad_seeds", `holds ${seeds.length} seeds; at most ${limits.maxDatasetRows}`, "seeds");
  }
  const without = seeds.filter((seed) => seed.company === undefined);
  if (without.length > 0 && request.company === undefined) {
    const message = `${without.length} of ${seeds.length} seeds have no company (the first: ${without[0]?.id}); give \`company\` or a company column`;
    throw new ApiError(400, "bad_seeds", message, "company");
  }
  return seeds;
}

function sourceOf(seeds: SynthesizeRequest["seeds"]): DatasetSource {
  if (seeds.csv !== undefined) return { format: "csv", file: "seeds.csv", text: seeds.csv };
  if (seeds.jsonl !== undefined) return { format: "jsonl", file: "seeds.jsonl", text: seeds.jsonl };
  // JSON rows are read as JSON Lines, one row a line, so line i is rows[i - 1].
  const text = (seeds.rows ?? []).map((row) => JSON.stringify(row)).join("\n");
  return { format: "jsonl", file: "seeds.rows", text };
}

/** One 400 naming the first problem's place (`seeds.rows[1].question`, `seeds.csv`) and listing a few. */
function seedsRejection(problems: DataProblem[], rows: boolean): ApiError {
  const shown = problems.slice(0, shownProblems).map((problem) => `${locate(problem, rows)}: ${problem.reason}`);
  if (problems.length > shownProblems) shown.push(`… and ${problems.length - shownProblems} more`);
  const noun = problems.length === 1 ? "problem" : "problems";
  const message = `${problems.length} ${noun} in the seeds, nothing stored: ${shown.join("; ")}`;
  const first = problems[0];
  const field = rows && first !== undefined ? locate(first, rows) : `seeds.${first?.file.split(".")[1] ?? "rows"}`;
  return new ApiError(400, "bad_seeds", message, field);
}

function locate(problem: DataProblem, rows: boolean): string {
  if (rows && problem.line !== undefined) {
    return `seeds.rows[${problem.line - 1}]${problem.field === undefined ? "" : `.${problem.field}`}`;
  }
  const line = problem.line === undefined ? "" : ` line ${problem.line}`;
  return `${problem.file}${line}${problem.field === undefined ? "" : ` field ${problem.field}`}`;
}

/** The seeds as an upload of kind `seeds` stores them: explicit ids, so every reader sees the same seeds. */
function seedsVersion(seeds: readonly SeedQuestion[], name: string, now: Date): DatasetVersion {
  const rows = seeds.map((seed) => ({
    id: seed.id,
    question: seed.question,
    ...(seed.company && { company: seed.company }),
  }));
  const lineage = {
    parent: null,
    transform: "import",
    params: { name, kind: "seeds", map: {} },
    seed: null,
    counts: {},
  };
  return createDatasetVersion(rows, lineage, now.toISOString());
}
