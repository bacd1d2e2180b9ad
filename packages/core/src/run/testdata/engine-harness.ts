import { loadLanguageDetector } from "../../data/language.ts";
import { bundledConversations } from "../../data/testdata/bundled.ts";
import { JudgeloopError } from "../../errors.ts";
import { MemoryCacheStore, withCache } from "../../lm/cache.ts";
import { costOf, withCost } from "../../lm/prices.ts";
import type { LM, LMRequest } from "../../lm/types.ts";
import { optimizeInProcess } from "../../optimize/in-process-driver.ts";
import { InMemoryArtifactStore } from "../../ports/in-memory-artifact-store.ts";
import { InMemoryRunStore } from "../../ports/memory/in-memory-run-store.ts";
import { SimLM } from "../../sim/sim-lm.ts";
import { parseRunConfig } from "../run-config.ts";
import type { RunEngineDeps } from "../run-engine.ts";
import type { RunEvent } from "../run-events.ts";
import { type RunInput, runInputFormat } from "../run-input.ts";
import { type RunServices, RunSuspended } from "../stage-context.ts";
import type { RunSummaryData } from "../summary-types.ts";

// Test support: the run engine on in-memory stores and the simulator, with a small config, a
// shared LM cache and a count of the simulator calls really made.

export interface EngineHarness {
  deps: RunEngineDeps;
  events: RunEvent[];
  summaries: RunSummaryData[];
  /** Simulator calls made (cache misses), over every run of this harness. */
  simCalls: () => number;
  runs: InMemoryRunStore;
}

/**
 * A run input for a small pipeline on the bundled conversations (50 judge, 50 dev examples).
 *
 * @example
 * const input = smallRunInput({ gate: { kappaLowerThreshold: 1 } });
 */
export function smallRunInput(extra: Record<string, unknown> = {}): RunInput {
  const config = parseRunConfig(
    {
      data: { input: "bundled" },
      prepare: { seed: 10, sample: { size: 100 }, splits: { judgeSet: 50, judgeValidation: 20, devHoldout: 20 } },
      optimizer: { judge: { numTrials: 3 }, generator: { numTrials: 3 } },
      stability: { repeats: 2, examples: 8 },
      ...extra,
    },
    "test",
  );
  const models = { generator: "sim/generator", judge: "sim/judge", gold: "sim/gold", proposer: "sim/strong" };
  return {
    format: runInputFormat,
    config,
    configFile: null,
    models,
    simulatedFallback: true,
    force: false,
    replay: false,
  };
}

/**
 * The engine's dependencies, all in memory; `failOptimizationOf` makes that stage's
 * optimization fail (a crash stand-in); `handOffOptimizations` makes each optimization suspend
 * the run once (RunSuspended, as on AWS) before it runs on the next pass; models named in
 * `fixedTemperature` say they take no temperature.
 *
 * @example
 * const harness = engineHarness();
 * await createPipelineRun(harness.runs, { runId: "run-1", input: smallRunInput(), now });
 */
export function engineHarness(
  options: { failOptimizationOf?: string; handOffOptimizations?: boolean; fixedTemperature?: readonly string[] } = {},
): EngineHarness {
  const handedOff = new Set<string>();
  const runs = new InMemoryRunStore();
  const cache = new MemoryCacheStore();
  let calls = 0;
  const lms = new Map<string, LM>();
  const lmFor = (model: string): LM => {
    const existing = lms.get(model);
    if (existing) return existing;
    const sim = new SimLM(model);
    const counted: LM = {
      model,
      // A model named in fixedTemperature reports what an OpenAI reasoning model or Claude does.
      capabilities: {
        ...sim.capabilities,
        ...(options.fixedTemperature?.includes(model) && { fixedTemperature: true }),
      },
      call: (request: LMRequest) => {
        calls++;
        return sim.call(request);
      },
    };
    const lm = withCache(withCost(counted), cache, { mode: "read-write" });
    lms.set(model, lm);
    return lm;
  };
  const events: RunEvent[] = [];
  const summaries: RunSummaryData[] = [];
  const services: RunServices = {
    loadConversations: async () => ({ rows: bundledConversations(), source: { format: "jsonl", map: {} } }),
    loadSmeLabels: async () => {
      throw new JudgeloopError("no_sme", "the harness has no SME labels");
    },
    languageDetector: loadLanguageDetector,
    optimize: async (request) => {
      if (request.stage === options.failOptimizationOf) throw new JudgeloopError("crash", "simulated crash");
      if (options.handOffOptimizations && !handedOff.has(request.stage)) {
        handedOff.add(request.stage);
        throw new RunSuspended({ runId: `elsewhere-${request.stage}` }, `${request.stage} runs elsewhere`);
      }
      const result = await optimizeInProcess({ ...request, concurrency: 8 });
      return result.state;
    },
    writeReport: async (summary) => {
      summaries.push(summary);
      return { htmlPath: "report.html", summaryPath: "summary.json" };
    },
  };
  const deps: RunEngineDeps = {
    runs,
    artifacts: new InMemoryArtifactStore(),
    lmFor,
    costOf: (model, usage) => costOf(model, usage) ?? null,
    services,
    now: () => new Date().toISOString(),
    onEvent: (event) => events.push(event),
  };
  return { deps, events, summaries, simCalls: () => calls, runs };
}
