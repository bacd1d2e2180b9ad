// The run report: one self-contained HTML file and the JSON summary beside it.
export { renderReport } from "./render-report.ts";
export type { BuiltReport, WrittenReport } from "./write-report.ts";
export { buildReport, reportFileName, summaryFileName, writeReport } from "./write-report.ts";
// the input contract
export type {
  FlipExample,
  FlipsSection,
  GeneratorComparison,
  JudgeAlignment,
  OptimizationSummary,
  OptimizerSection,
  OptionalPart,
  PromptsSection,
  RunOverview,
  RunSummary,
  Spend,
} from "./summary.ts";
export { optionalParts, parseRunSummary, runSummaryFormat, runSummarySchema } from "./summary.ts";
export type {
  AgreementReportShape,
  BootstrapEstimateShape,
  LengthBiasShape,
  PairedComparisonShape,
  ProportionEstimateShape,
  StabilityReportShape,
  WilsonIntervalShape,
} from "./summary-stats.ts";
// page vocabulary tests and the API rely on
export type { SectionId } from "./sections/section.ts";
export { sectionIds } from "./sections/section.ts";
export { realBannerText, simulatedBannerText } from "./sections/overview.ts";
export { escapeHtml } from "./escape.ts";
export type { DiffGap, DiffLine } from "./diff.ts";
export { lineDiff } from "./diff.ts";
// testing: sample summaries and the number check
export type { DisplayedMetric } from "./testing/report-checks.ts";
export { displayedMetrics, mismatchedMetrics, valueAt } from "./testing/report-checks.ts";
export type { SampleSummaryOptions } from "./testing/sample-summary.ts";
export { buildSampleSummary, withoutGenerator } from "./testing/sample-summary.ts";
export { smallSummary } from "./testing/small-summary.ts";
