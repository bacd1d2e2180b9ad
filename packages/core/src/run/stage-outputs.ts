import type { LabelStats } from "../data/labels.ts";
import type { PreparedDatasets } from "../data/prepare.ts";
import type { AgreementReport } from "../metrics/agreement.ts";
import type { LengthBiasReport } from "../metrics/length-bias.ts";
import type { StabilityReport } from "../metrics/stability.ts";
import type { StageName } from "./stages.ts";
import type {
  DatasetData,
  FlipsData,
  GateData,
  GeneratorData,
  OptimizationData,
  SmeAgreementData,
} from "./summary-types.ts";

export interface PrepareOutput {
  datasets: Record<keyof PreparedDatasets, DatasetData>;
  /** With `data.synthesize`: the synthesized conversations the imported version was made from. */
  synthesized?: DatasetData;
}

export interface GenerateOutput {
  /** The judge set with the baseline generator's replies and the full transcripts. */
  dataset: DatasetData;
  /** Conversations the generator failed on (left out of the labelled set). */
  failed: string[];
}

export interface LabelOutput {
  dataset: DatasetData;
  source: "gold" | "sme";
  /** The gold model; null for SME labels. */
  model: string | null;
  stats: LabelStats;
  unlabelled: number;
  /** Kappa between the SMEs on the conversations two of them labelled; absent with fewer than two annotators. */
  smeAgreement?: SmeAgreementData;
}

export interface JudgeEvalOutput {
  train: AgreementReport;
  validation: AgreementReport;
  /**
   * `fixedTemperature`: the judge's model takes no temperature, so the repeats ran at the
   * provider's fixed temperature and `temperature` is only what was asked for.
   */
  stability: { temperature: number; repeats: number; report: StabilityReport; fixedTemperature?: boolean };
  lengthBias: LengthBiasReport;
  /** Examples the judge could not judge (left out of the agreement). */
  errors: number;
}

export interface OptimizeOutput {
  /** Artifact key of the chosen program's state. */
  programKey: string;
  optimization: OptimizationData;
  /** Why the optimizer ended early (budget, cancellation), if it did. */
  stoppedReason?: string;
}

export interface JudgeOptimizeOutput extends OptimizeOutput {
  train: AgreementReport;
  validation: AgreementReport;
}

export type GateOutput = GateData;

export interface CompareOutput {
  generator: GeneratorData;
  flips: FlipsData;
  /** Why the holdout replies were not scored by gold (then `generator.gold` is absent). */
  goldSkipped?: string;
}

export interface ReportOutput {
  htmlPath: string;
  summaryPath: string;
}

/** Each stage's output, once it has one. */
export interface StageOutputs {
  prepare?: PrepareOutput;
  generate?: GenerateOutput;
  label?: LabelOutput;
  "judge-eval"?: JudgeEvalOutput;
  "judge-optimize"?: JudgeOptimizeOutput;
  gate?: GateOutput;
  "generator-optimize"?: OptimizeOutput;
  compare?: CompareOutput;
  report?: ReportOutput;
}

/**
 * Where a stage's full output is stored.
 *
 * @example
 * stageOutputKey("run-1", "gate"); // "runs/run-1/stages/gate.json"
 */
export function stageOutputKey(runId: string, stage: StageName): string {
  return `runs/${runId}/stages/${stage}.json`;
}
