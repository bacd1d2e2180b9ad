/**
 * Public exports of @judgeloop/core: reading data in (adapters, datasets, DSPy compatibility, evaluation, SME labeling).
 * index.ts gathers this file with the other phases.
 */
// adapters
export { ChatAdapter } from "./adapter/chat-adapter.ts";
export { coerceFieldValue } from "./adapter/coerce.ts";
export { JSONAdapter } from "./adapter/json-adapter.ts";
export { ParseError } from "./adapter/parse-error.ts";
export { repairMessages } from "./adapter/repair.ts";
export { structuredOutputFormat } from "./adapter/response-format.ts";
export type { Adapter } from "./adapter/types.ts";
export { formatFieldValue } from "./adapter/value-format.ts";
// data
export type { ArrowDatasetFiles } from "./data/arrow.ts";
export { arrowShardNames, parseArrowDataset } from "./data/arrow.ts";
export type { JudgeloopConfig, PrepareConfig, SynthesizeConfig } from "./data/config.ts";
export {
  configSections,
  dataInputOf,
  judgeloopConfigSchema,
  parseConfig,
  parseConfigText,
  synthesizeConfigSchema,
} from "./data/config.ts";
export type { Speaker, Turn } from "./data/conversation.ts";
export { appendReply, companyTranscript, formatTurns, parseTurns } from "./data/conversation.ts";
export { conversationSchema } from "./data/conversations.ts";
export { parseCsv } from "./data/csv.ts";
export type { DatasetManifest } from "./data/dataset-store.ts";
export {
  datasetKeys,
  listDatasetVersions,
  loadDatasetVersion,
  resolveDatasetId,
  saveDatasetVersion,
} from "./data/dataset-store.ts";
export type { DatasetLineage, DatasetVersion } from "./data/dataset-version.ts";
export { createDatasetVersion, datasetVersionId, verifyDatasetVersion } from "./data/dataset-version.ts";
export type { FieldMap } from "./data/field-map.ts";
export { applyFieldMap, parseFieldMap } from "./data/field-map.ts";
export type { GoldLabelFailure, GoldLabelOptions, GoldLabelResult } from "./data/gold-judge.ts";
export { createGoldJudge, goldJudgeInstructions, goldJudgeSignature, goldLabels } from "./data/gold-judge.ts";
export { parseJsonl } from "./data/jsonl.ts";
export type { Label, LabelProvenance, LabelStats, SmeLabelFile } from "./data/labels.ts";
export {
  annotatedLabelSchema,
  attachLabels,
  labelledVersion,
  labelSchema,
  labelStats,
  loadSmeLabels,
  readSmeLabels,
} from "./data/labels.ts";
export type { LanguageDetector } from "./data/language.ts";
export { conversationLanguage, loadLanguageDetector } from "./data/language.ts";
export type { DatasetFormat, DatasetSource, LoadRowsOptions } from "./data/load.ts";
export { formatOfPath, loadRows, parseSource } from "./data/load.ts";
export type { NearDuplicateMatch } from "./data/near-duplicates.ts";
export { defaultNearDuplicateThreshold, jaccard, NearDuplicateIndex, wordShingles } from "./data/near-duplicates.ts";
export type { LocatedRow, ParseResult, Row } from "./data/parsed-rows.ts";
export type { PreparedDatasets, PrepareOptions, PrepareResult } from "./data/prepare.ts";
export { prepareConversations } from "./data/prepare.ts";
export type { DropCount, PreprocessOptions, PreprocessReport, PreprocessResult } from "./data/preprocess.ts";
export { countWords, preprocessConversations } from "./data/preprocess.ts";
export type { DataProblem } from "./data/problems.ts";
export { DatasetError, formatProblem } from "./data/problems.ts";
export type { CheckedRows, FieldKind, FieldRule, RowSchema } from "./data/row-schema.ts";
export { checkRows, coerceBoolean } from "./data/row-schema.ts";
export type { NestedSplitSizes, NestedSplits, SplitResult, SplitSize } from "./data/split.ts";
export { byId, nestedSplits, resolveSplitSize, sampleRows, shuffleRows, splitRows } from "./data/split.ts";
export {
  loadStoredConversations,
  loadStoredSeeds,
  loadStoredSmeLabels,
  requireStoredDataset,
  storedDatasetId,
} from "./data/stored-inputs.ts";
export type { SynthesisSlot } from "./data/synthesis-plan.ts";
export {
  customerStyles,
  planSynthesis,
  synthesisCallTokens,
  synthesisInstructions,
  synthesisPredictor,
  synthesisStandIns,
} from "./data/synthesis-plan.ts";
export type { SeedQuestion } from "./data/synthesis-seeds.ts";
export { parseSeedQuestions, seedFileHash } from "./data/synthesis-seeds.ts";
export type {
  SynthesisRejection,
  SynthesizeOptions,
  SynthesizeProgress,
  SynthesizeResult,
} from "./data/synthesize.ts";
export { synthesizeConversations } from "./data/synthesize.ts";
export type { TurnRange, TurnsCheck, TurnsRejection } from "./data/synthesized-turns.ts";
export { checkSynthesizedTurns, maxTurns, parseTurnRange } from "./data/synthesized-turns.ts";
export type { TruncateRowsResult, TruncationOptions } from "./data/truncate.ts";
export { truncateRows, truncateTurns, truncationRandom } from "./data/truncate.ts";
// dspy
export type { DspyDependencyVersions, ExportDspyOptions } from "./dspy/export-dspy-program.ts";
export { dspyExportVersions, exportDspyProgram } from "./dspy/export-dspy-program.ts";
export type { DspyProvenance, ImportDspyOptions } from "./dspy/import-dspy-program.ts";
export { importDspyProgram } from "./dspy/import-dspy-program.ts";
export { JudgeloopError } from "./errors.ts";
// evaluate
export { evaluate } from "./evaluate/evaluate.ts";
export type { ExactMatchOptions, NormalizeOptions } from "./evaluate/metrics.ts";
export { exactMatch, normalizeText } from "./evaluate/metrics.ts";
export type {
  Evaluable,
  EvaluateOptions,
  EvaluateProgress,
  EvaluateResult,
  EvaluationErrorKind,
  EvaluationRecord,
  Metric,
  MetricContext,
  RecordStatus,
  StoppedReason,
} from "./evaluate/types.ts";
// SME labeling: label sets, the active queue, agreement between SMEs
export type { JudgeVerdictsOptions } from "./labeling/judge-verdicts.ts";
export { judgeVerdicts } from "./labeling/judge-verdicts.ts";
export type { LabelFileFormat } from "./labeling/label-export.ts";
export { labelFileFormatOf, labelFileText } from "./labeling/label-export.ts";
export type { LabelOrdering, LabelQueue, LabelQueueInput, LiveGate } from "./labeling/label-queue.ts";
export { labelQueue, liveGate } from "./labeling/label-queue.ts";
export type { DesignWeights, LabelDesign } from "./labeling/label-queue-design.ts";
export {
  defaultDesignWeights,
  designOrder,
  inclusionProbabilities,
  labelDesign,
} from "./labeling/label-queue-design.ts";
export type { WeightedPair } from "./labeling/label-queue-estimate.ts";
export { effectiveSize, weightedKappa, weightedKappaInterval } from "./labeling/label-queue-estimate.ts";
export type {
  JudgeVerdict,
  LabelCorrection,
  LabelSet,
  LabelSetOrigin,
  LabelStore,
  SmeLabel,
} from "./labeling/label-set.ts";
export type { TranscriptParts } from "./labeling/reply-to-judge.ts";
export { replyToJudge } from "./labeling/reply-to-judge.ts";
export type { AnnotatorAgreement } from "./labeling/sme-agreement.ts";
export { smeAgreement } from "./labeling/sme-agreement.ts";
export type { BudgetLedger, BudgetLimits, ReserveResult, RunSpend } from "./lm/budget.ts";
export { MemoryBudgetLedger } from "./lm/budget.ts";
export type { CacheEntry, CacheMode, CacheOptions, CacheStore } from "./lm/cache.ts";
