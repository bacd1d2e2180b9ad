// The run report: one self-contained HTML file and the JSON summary beside it.

export type { DiffGap, DiffLine } from "./diff.ts";
export { lineDiff } from "./diff.ts";
export { escapeHtml } from "./escape.ts";
// the labeling pages `judgeloop label --ui` serves
export { labelingPagePolicy, labelPageHtml, reviewPageHtml } from "./labeling/pages.ts";
export { renderReport } from "./render-report.ts";
export { realBannerText, simulatedBannerText } from "./sections/overview.ts";
// page vocabulary tests and the API rely on
export type { SectionId } from "./sections/section.ts";
export { sectionIds } from "./sections/section.ts";
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
// testing: sample summaries and the number check
export type { DisplayedMetric } from "./testing/report-checks.ts";
export { displayedMetrics, mismatchedMetrics, valueAt } from "./testing/report-checks.ts";
export type { SampleSummaryOptions } from "./testing/sample-summary.ts";
export { buildSampleSummary, withoutGenerator } from "./testing/sample-summary.ts";
export { smallSummary } from "./testing/small-summary.ts";
export type { BuiltReport, WrittenReport } from "./write-report.ts";
export { buildReport, reportFileName, summaryFileName, writeReport } from "./write-report.ts";
