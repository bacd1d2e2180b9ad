import {
  type ArtifactStore,
  appendReply,
  ChainOfThought,
  companyTranscript,
  type DatasetManifest,
  datasetKeys,
  Example,
  estimateWorkload,
  evaluate,
  getJson,
  getText,
  JudgeloopError,
  loadDatasetVersion,
  type Metric,
  newRunRecord,
  Predict,
  putText,
  type RunStore,
  SimLM,
} from "@judgeloop/core";
import type { ApiRunConfig, RunEstimate, RunService, StartRunInput } from "../run-service.ts";
import { minimalReport } from "./minimal-report.ts";
import { SimProgramRegistry } from "./sim-program-registry.ts";

export interface SimRunServiceOptions {
  runStore: RunStore;
  artifacts: ArtifactStore;
  now?: () => Date;
  /** Milliseconds every simulated call takes (default 0), so a test can cancel a run midway. */
  latencyMs?: number;
}

const generatorSignature = "transcript: string -> reply: string";
const judgeSignature = "transcript: string -> satisfied: boolean";

/**
 * A RunService that runs a small real evaluation on the simulator: the generator writes the
 * next Support reply of each uploaded conversation, the judge decides whether it satisfies
 * the customer, and the run ends with a trial, a report and a program version. It stands in
 * for the run engine in the API's tests; every model must be `sim/*`.
 *
 * @example
 * const runs = new SimRunService({ runStore, artifacts });
 * const app = createApp({ runStore, artifacts, runs, token });
 */
export class SimRunService implements RunService {
  private readonly runStore: RunStore;
  private readonly artifacts: ArtifactStore;
  private readonly now: () => Date;
  private readonly programs: SimProgramRegistry;
  private readonly latencyMs: number;
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();

  constructor(options: SimRunServiceOptions) {
    this.runStore = options.runStore;
    this.artifacts = options.artifacts;
    this.now = options.now ?? (() => new Date());
    this.programs = new SimProgramRegistry(options.artifacts, this.now);
    this.latencyMs = options.latencyMs ?? 0;
  }

  async start(input: StartRunInput): Promise<{ runId: string }> {
    const { runId, config, budget } = input;
    const record = newRunRecord({
      id: runId,
      kind: "evaluate",
      input: { config, budget },
      now: this.now().toISOString(),
      capUsd: budget.capUsd,
      ...(budget.maxCalls !== undefined && { maxCalls: budget.maxCalls }),
    });
    const { created } = await this.runStore.createRun(record);
    if (created) {
      const controller = new AbortController();
      const done = this.execute(input, controller.signal).finally(() => this.active.delete(runId));
      this.active.set(runId, { controller, done });
    }
    return { runId };
  }

  async estimate(config: ApiRunConfig): Promise<RunEstimate> {
    const { generator, judge } = modelsOf(config);
    const manifest = (await getJson(
      this.artifacts,
      datasetKeys(config.data.dataset).manifest,
    )) as DatasetManifest | null;
    const rows = manifest?.rows ?? 0;
    const work = {
      generate: { model: generator, calls: rows, inputTokensPerCall: 700, outputTokensPerCall: 150 },
      judge: { model: judge, calls: rows, inputTokensPerCall: 900, outputTokensPerCall: 200 },
    };
    const estimate = estimateWorkload(Object.values(work));
    const stages = Object.entries(work).map(([stage, item]) => {
      const { calls, costUsd } = estimateWorkload(item);
      return { stage, calls, costUsd: costUsd ?? null };
    });
    return {
      calls: estimate.calls,
      costUsd: estimate.costUsd ?? null,
      unpricedModels: estimate.unpricedModels,
      stages,
    };
  }

  async cancel(runId: string): Promise<void> {
    this.active.get(runId)?.controller.abort();
  }

  async report(runId: string): Promise<string | undefined> {
    return (await getText(this.artifacts, reportKey(runId))) ?? undefined;
  }

  programVersions(name: string) {
    return this.programs.versions(name);
  }

  promote(name: string, version: string) {
    return this.programs.promote(name, version);
  }

  /** Resolves once every run started here has ended. */
  async idle(): Promise<void> {
    await Promise.all([...this.active.values()].map((run) => run.done));
  }

  private async execute({ runId, config, budget }: StartRunInput, signal: AbortSignal): Promise<void> {
    const at = () => this.now().toISOString();
    await this.runStore.updateRun(runId, {
      status: "running",
      startedAt: at(),
      updatedAt: at(),
      stages: { evaluate: { status: "running", startedAt: at() } },
    });
    try {
      const result = await this.evaluateOnSim(config, signal);
      const score = result.score;
      const spend = { ...budget, spentUsd: result.costUsd ?? 0, calls: result.usage.calls };
      await this.runStore.appendTrial(runId, {
        stage: "evaluate",
        index: 0,
        score,
        candidate: { instructions: "default" },
        detail: { n: result.n, errors: result.errors },
      });
      if (signal.aborted) {
        await this.finish(runId, "cancelled", {
          spend,
          stages: { evaluate: { status: "failed", message: "cancelled" } },
        });
        return;
      }
      const summary = { score, n: result.n, errors: result.errors, simulated: result.simulated };
      await putText(this.artifacts, reportKey(runId), minimalReport(runId, config, summary));
      await this.programs.save(config.name ?? "default", { version: runId, runId, score });
      await this.finish(runId, "succeeded", { spend, result: summary, stages: { evaluate: { status: "succeeded" } } });
    } catch (error) {
      const code = error instanceof JudgeloopError ? error.code : "internal";
      const message = error instanceof JudgeloopError ? error.message : "the evaluation failed";
      await this.finish(runId, "failed", { addErrors: [{ at: at(), code, message, stage: "evaluate" }] });
    }
  }

  private async evaluateOnSim(config: ApiRunConfig, signal: AbortSignal) {
    const { generator, judge } = modelsOf(config);
    const dataset = await loadDatasetVersion(this.artifacts, config.data.dataset);
    const examples = dataset.rows.map((row) =>
      new Example(
        { transcript: companyTranscript(String(row.company ?? ""), String(row.conversation ?? "")) },
        { id: String(row.conversation_id) },
      ).withInputs("transcript"),
    );
    const judgeModule = new ChainOfThought(judgeSignature, { lm: new SimLM(judge, { latencyMs: this.latencyMs }) });
    const satisfied: Metric = async (example, prediction, ctx) => {
      const transcript = appendReply(String(example.get("transcript")), String(prediction.get("reply")));
      const verdict = await judgeModule.call({ transcript }, { signal: ctx.signal, onCall: ctx.onCall });
      return verdict.get("satisfied") === true;
    };
    const program = new Predict(generatorSignature, { lm: new SimLM(generator, { latencyMs: this.latencyMs }) });
    return evaluate(program, examples, satisfied, { signal, concurrency: 4 });
  }

  private async finish(runId: string, status: "succeeded" | "cancelled" | "failed", patch: object): Promise<void> {
    await this.runStore.updateRun(runId, {
      ...patch,
      status,
      finishedAt: this.now().toISOString(),
      updatedAt: this.now().toISOString(),
    });
  }
}

function modelsOf(config: ApiRunConfig): { generator: string; judge: string } {
  const generator = config.models.generator ?? "sim/default";
  const judge = config.models.judge ?? "sim/default";
  for (const [role, model] of Object.entries({ generator, judge })) {
    if (!model.startsWith("sim/")) {
      throw new JudgeloopError("bad_models", `models.${role}: this server runs simulated models (sim/*) only`);
    }
  }
  return { generator, judge };
}

function reportKey(runId: string): string {
  return `reports/${runId}/report.html`;
}
