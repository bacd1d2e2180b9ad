export type { Adapter } from "./adapter/types.ts";
export { JudgeloopError } from "./errors.ts";
export type { LMErrorKind, LMErrorOptions } from "./lm/errors.ts";
export { errorKindOf, isRetryable, LMError } from "./lm/errors.ts";
export type {
  JsonSchemaFormat,
  LM,
  LMCapabilities,
  LMRequest,
  LMResponse,
  Message,
  ResponseFormat,
  Usage,
} from "./lm/types.ts";
export { addUsage, emptyUsage } from "./lm/types.ts";
export type { Demo, PredictorKind, PredictorState, ProgramState } from "./module/state.ts";
export { programStateFormat } from "./module/state.ts";
export type { Field, FieldSpec, FieldType } from "./signature/field.ts";
export { enumType, jsonType } from "./signature/field.ts";
export type { FieldRole, SignatureSpec, SignatureState } from "./signature/signature.ts";
export { defaultInstructions, Signature } from "./signature/signature.ts";
export { canonicalJson, contentHash } from "./util/canonical-json.ts";
export type { RandomState } from "./util/random.ts";
export { Random } from "./util/random.ts";
