export type { DynamoBudgetLedgerOptions } from "./dynamo-budget-ledger.ts";
export { DynamoBudgetLedger } from "./dynamo-budget-ledger.ts";
export type { DynamoCacheStoreOptions } from "./dynamo-cache-store.ts";
export { DynamoCacheStore } from "./dynamo-cache-store.ts";
export type { DynamoRunAdmissionOptions } from "./dynamo-run-admission.ts";
export { DynamoRunAdmission } from "./dynamo-run-admission.ts";
export type { DynamoRunStoreOptions } from "./dynamo-run-store.ts";
export { DynamoRunStore } from "./dynamo-run-store.ts";
export { createJudgeloopTable, tableKeys } from "./table.ts";
