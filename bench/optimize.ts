/**
 * Optimizers at equal LM-request budgets on every simulated world (every number is SIMULATED:
 * judgeloop's `sim serve` on 127.0.0.1, no real model).
 *
 * The task is the issue's: a vague baseline judge ("Decide whether the customer is satisfied."),
 * 120 labelled training transcripts, 200 held out. For each world, budget level (~400 and ~800
 * requests: presets light and medium) and seed, each optimizer runs on its own sim server with a
 * hard cap of `budget` requests (Ax: its budget shrunk until its requests fit), and the prompt it
 * picked is scored on the held-out set by one evaluator (judgeloop's evaluate on a fresh server).
 *
 * judgeloop: MIPRO, GEPA, bootstrap + GEPA, random search over MIPRO's candidates, at default
 * flags (`--auto light|medium` plus the cap). Ax (installed on first run into .bench-peers/):
 * `optimize()` and `AxGEPA`, given the same 120 examples as 60 train + 60 validation. Ax's
 * bootstrap shuffles with `Math.random`, seeded per run here, so each Ax row is the mean of
 * `--ax-runs` (3) runs per seed: one run would be one draw of Ax's randomness.
 *
 * Run: npm run bench:optimize [-- --worlds default,evidence --budgets 400,800 --seeds 1,2,3,4,5
 *      --optimizers mipro,gepa,bootstrap+gepa,random,ax-optimize,ax-gepa --ax-runs 3 --latency-ms 0 --json FILE]
 * `--optimizers mipro,mipro-tried-pick,mipro-startup10,mipro-labeled-teacher --worlds brisk`
 * measures, on the tuning world, DSPy's choice where MIPRO's defaults depart from it, one at a time
 * (full evaluations of the best tried combination; 10 random start-up trials; a teacher with
 * labelled demos); `mipro-dspy` (in the default set) takes all three.
 * `--quick` runs seeds 1,2 at budget 400 only (a smoke run; report the full one).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { simWorlds } from "@judgeloop/core";
import { startSimServer } from "@judgeloop/local";
import { type AxOptimizer, runAxOptimizer } from "./optimize/ax-optimizers.ts";
import { type JudgeloopOptimizer, runJudgeloopOptimizer } from "./optimize/judgeloop-optimizers.ts";
import { type BenchCell, renderOptimizerTables } from "./optimize/table.ts";
import type { AxModule } from "./peers/ax-runner.ts";
import { positiveShare, prepareJudgeData } from "./peers/data.ts";
import { agreementOf, judgeProgram, simLM } from "./peers/judgeloop-runner.ts";
import { ensurePeers, loadPeer } from "./peers/peer-modules.ts";

const baselineInstruction = "Decide whether the customer is satisfied.";
const log = (line: string) => process.stderr.write(`${line}\n`);
const defaultOptimizers = [
  "mipro",
  "mipro-dspy",
  "gepa",
  "bootstrap+gepa",
  "random",
  "ax-optimize",
  "ax-optimize-bootstrap",
  "ax-gepa",
] as const;
const allOptimizers = [...defaultOptimizers, "mipro-tried-pick", "mipro-startup10", "mipro-labeled-teacher"] as const;
/** Worlds MIPRO's and GEPA's defaults were chosen on; reported like the others, and marked. */
const tuningWorlds = ["brisk"];
type OptimizerName = (typeof allOptimizers)[number];

const { values } = parseArgs({
  options: {
    worlds: { type: "string" },
    budgets: { type: "string" },
    seeds: { type: "string" },
    quick: { type: "boolean", default: false },
    optimizers: { type: "string", default: defaultOptimizers.join(",") },
    "latency-ms": { type: "string", default: "0" },
    // Ax's bootstrap draws from Math.random (seeded per run here): its rows average this many runs per seed.
    "ax-runs": { type: "string", default: "3" },
    json: { type: "string" },
  },
});

const list = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const worlds = simWorlds().filter((w) => values.worlds === undefined || list(values.worlds).includes(w.name));
const budgets = list(values.budgets ?? (values.quick ? "400" : "400,800")).map(Number);
const seeds = list(values.seeds ?? (values.quick ? "1,2" : "1,2,3,4,5")).map(Number);
const optimizers = list(values.optimizers) as OptimizerName[];
const latencyMs = Number(values["latency-ms"]);
const axRuns = Number(values["ax-runs"]);
if (!Number.isInteger(axRuns) || axRuns < 1)
  throw new Error(`--ax-runs must be a whole number from 1 (got ${values["ax-runs"]})`);
for (const name of optimizers) if (!allOptimizers.includes(name)) throw new Error(`unknown optimizer ${name}`);

/** A simulated model in a world: `sim/strong~evidence`, the plain name in the default world. */
function simModel(model: string, world: { name: string }): string {
  return world.name === "default" ? model : `${model}~${world.name}`;
}

const problems: string[] = [];
let ax: AxModule | undefined;
if (optimizers.some((o) => o.startsWith("ax-"))) {
  problems.push(...ensurePeers({ reinstall: false, log, only: ["@ax-llm/ax"] }));
  const loaded = await loadPeer<AxModule>("@ax-llm/ax");
  if (loaded.ok) {
    ax = loaded.module;
    log(`Ax ${loaded.version} loaded from .bench-peers/`);
  } else problems.push(loaded.reason);
}

const cells: BenchCell[] = [];
const baselines: Record<string, number | null> = {};
const positives: Record<string, number> = {};
for (const world of worlds) {
  log(`world ${world.name}: preparing 120 training and 200 held-out transcripts`);
  const data = await prepareJudgeData({ trainSize: 60, valSize: 60, heldOutSize: 200, world: world.name });
  const taskModel = simModel("sim/default", world);
  const proposerModel = simModel("sim/strong", world);
  const heldOutScore = async (instruction: string, demos: Parameters<typeof judgeProgram>[2]) => {
    const server = await startSimServer({ latencyMs });
    try {
      return (await agreementOf(judgeProgram(simLM(server.baseURL, taskModel), instruction, demos), data.heldOut, 8))
        .score;
    } finally {
      await server.close();
    }
  };
  baselines[world.name] = await heldOutScore(baselineInstruction, []);
  positives[world.name] = positiveShare(data.heldOut);
  for (const budget of budgets) {
    const auto = budget <= 500 ? "light" : "medium";
    for (const seed of seeds) {
      for (const optimizer of optimizers) {
        const runs = optimizer.startsWith("ax-") ? axRuns : 1;
        for (let run = 0; run < runs; run++) {
          const started = performance.now();
          const label = `${world.name} ~${budget} seed ${seed} ${optimizer}${runs > 1 ? ` run ${run + 1}` : ""}`;
          try {
            const result = optimizer.startsWith("ax-")
              ? ax
                ? await runAxOptimizer(ax, optimizer as AxOptimizer, {
                    taskModel,
                    proposerModel,
                    baselineInstruction,
                    train: data.train,
                    val: data.val,
                    budget,
                    seed,
                    run,
                    latencyMs,
                  })
                : undefined
              : await runJudgeloopOptimizer(optimizer as JudgeloopOptimizer, {
                  taskModel,
                  proposerModel,
                  baselineInstruction,
                  trainset: [...data.train, ...data.val],
                  budget,
                  auto,
                  seed,
                  latencyMs,
                });
            if (!result) continue;
            const heldOut = await heldOutScore(result.instruction, result.demos);
            const seconds = (performance.now() - started) / 1000;
            cells.push({
              world: world.name,
              budget,
              seed,
              run,
              optimizer,
              heldOut,
              requests: result.requests,
              seconds,
            });
            log(`${label}: held-out ${heldOut?.toFixed(3)}, ${result.requests} requests, ${seconds.toFixed(0)} s`);
          } catch (error) {
            const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
            problems.push(`${label} failed: ${message}`);
            log(problems.at(-1) ?? "");
          }
        }
      }
    }
  }
}

const report = renderOptimizerTables({
  cells,
  baselines,
  positives,
  worlds: worlds.map((w) => w.name),
  tuningWorlds,
  problems,
  command: `npm run bench:optimize -- ${process.argv.slice(2).join(" ")}`.trim().replace(/ --$/, ""),
  date: new Date().toISOString().slice(0, 10),
  seeds,
});
process.stdout.write(`${report}\n`);
if (values.json) {
  writeFileSync(values.json, `${JSON.stringify({ cells, baselines, positives, problems, seeds, budgets }, null, 2)}\n`);
}
