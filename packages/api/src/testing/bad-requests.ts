import { sampleConversations } from "./api-harness.ts";

/** A request the API must refuse, and how. */
export interface BadRequest {
  name: string;
  method?: string;
  path: string;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  code: string;
  field?: string;
  message?: RegExp;
}

const rows = sampleConversations();
const dataset = "b".repeat(64);
const goodRun = { config: { data: { dataset } }, budget: { capUsd: 1 } };
const key = { "idempotency-key": "bad-input" };

/**
 * Malformed requests for every route that takes input: truncated JSON, wrong types, unknown
 * fields, oversized bodies (for limits maxDatasetBytes 4000, maxBodyBytes 2000, maxDatasetRows 5).
 */
export const badRequests: BadRequest[] = [
  // POST /v1/datasets
  {
    name: "truncated JSON",
    path: "/v1/datasets",
    body: '{"name": "x", "rows": [{"conversation_id": "c-1"',
    status: 400,
    code: "malformed_json",
    message: /not valid JSON/,
  },
  { name: "trailing garbage", path: "/v1/datasets", body: '{"name": "x"} }', status: 400, code: "malformed_json" },
  {
    name: "rows of the wrong type",
    path: "/v1/datasets",
    body: { name: "x", rows: "c-1,hello" },
    status: 400,
    code: "invalid_request",
    field: "rows",
  },
  {
    name: "a name of the wrong type",
    path: "/v1/datasets",
    body: { name: 42, rows },
    status: 400,
    code: "invalid_request",
    field: "name",
  },
  {
    name: "an unknown field",
    path: "/v1/datasets",
    body: { name: "x", rows, owner: "me" },
    status: 400,
    code: "invalid_request",
    field: "owner",
    message: /owner: is not a known field/,
  },
  {
    name: "both rows and jsonl",
    path: "/v1/datasets",
    body: { name: "x", rows, jsonl: "{}" },
    status: 400,
    code: "invalid_request",
    field: "rows",
  },
  {
    name: "neither rows nor jsonl",
    path: "/v1/datasets",
    body: { name: "x" },
    status: 400,
    code: "invalid_request",
    field: "rows",
  },
  {
    name: "no rows",
    path: "/v1/datasets",
    body: { name: "x", rows: [] },
    status: 400,
    code: "bad_dataset",
    field: "rows",
  },
  {
    name: "a row missing a field",
    path: "/v1/datasets",
    body: { name: "x", rows: [rows[0], { conversation_id: "c-2" }] },
    status: 400,
    code: "bad_dataset",
    field: "rows[1].conversation",
    message: /rows\[1\]\.conversation: is missing/,
  },
  {
    name: "a field of the wrong type",
    path: "/v1/datasets",
    body: { name: "x", rows: [{ ...rows[0], conversation: 7 }] },
    status: 400,
    code: "bad_dataset",
    field: "rows[0].conversation",
  },
  {
    name: "a duplicate id",
    path: "/v1/datasets",
    body: { name: "x", rows: [rows[0], rows[0]] },
    status: 400,
    code: "bad_dataset",
    field: "rows[1].conversation_id",
  },
  {
    name: "a broken JSON line",
    path: "/v1/datasets",
    body: { name: "x", jsonl: `${JSON.stringify(rows[0])}\n{"conversation_id": ` },
    status: 400,
    code: "bad_dataset",
    field: "jsonl",
    message: /jsonl line 2: is not valid JSON/,
  },
  {
    name: "too many rows",
    path: "/v1/datasets",
    body: { name: "x", rows: [...rows, ...rows.map((r, i) => ({ ...r, conversation_id: `d-${i}` }))] },
    status: 400,
    code: "bad_dataset",
    field: "rows",
    message: /at most 5/,
  },
  {
    name: "an oversized upload",
    path: "/v1/datasets",
    body: { name: "x", rows: [{ ...rows[0], conversation: "Customer: hi ".repeat(600) }] },
    status: 413,
    code: "payload_too_large",
  },
  {
    name: "an oversized upload that declares its length",
    path: "/v1/datasets",
    body: "x".repeat(6000),
    headers: { "content-length": "6000" },
    status: 413,
    code: "payload_too_large",
  },
  {
    name: "JSON nested too deeply",
    path: "/v1/datasets",
    body: `{"name": "x", "rows": [{"conversation_id": "c", "conversation": "c", "x": ${"[".repeat(40)}${"]".repeat(40)}}]}`,
    status: 400,
    code: "invalid_request",
    field: "body",
  },
  {
    name: "a body that is not JSON",
    path: "/v1/datasets",
    body: "name=x",
    headers: { "content-type": "text/plain" },
    status: 415,
    code: "unsupported_media_type",
  },
  { name: "an empty body", path: "/v1/datasets", body: "", status: 400, code: "malformed_json" },
  // POST /v1/runs
  {
    name: "a run without an Idempotency-Key",
    path: "/v1/runs",
    body: goodRun,
    status: 400,
    code: "invalid_request",
    field: "Idempotency-Key",
    message: /Idempotency-Key: is required/,
  },
  {
    name: "a run naming a server path",
    path: "/v1/runs",
    headers: key,
    body: { ...goodRun, config: { data: { dataset, input: "/etc/passwd" } } },
    status: 400,
    code: "invalid_request",
    field: "config.data.input",
  },
  {
    name: "labels naming a server path",
    path: "/v1/runs",
    headers: key,
    body: { ...goodRun, config: { ...goodRun.config, labels: { source: "sme", file: "/etc/passwd" } } },
    status: 400,
    code: "invalid_request",
    field: "config.labels.file",
    message: /expected dataset:<id>/,
  },
  {
    name: "caps inside the config (they go beside it, as budget)",
    path: "/v1/runs",
    headers: key,
    body: { ...goodRun, config: { ...goodRun.config, budget: { capUsd: 1 } } },
    status: 400,
    code: "invalid_request",
    field: "config.budget",
  },
  {
    name: "a cap given as a string",
    path: "/v1/runs",
    headers: key,
    body: { ...goodRun, budget: { capUsd: "1" } },
    status: 400,
    code: "invalid_request",
    field: "budget.capUsd",
  },
  {
    name: "a negative cap",
    path: "/v1/runs",
    headers: key,
    body: { ...goodRun, budget: { capUsd: -1 } },
    status: 400,
    code: "invalid_request",
    field: "budget.capUsd",
  },
  {
    name: "a run without a budget",
    path: "/v1/runs",
    headers: key,
    body: { config: goodRun.config },
    status: 400,
    code: "invalid_request",
    field: "budget",
    message: /budget: is required/,
  },
  {
    name: "an unknown config key",
    path: "/v1/runs",
    headers: key,
    body: { ...goodRun, config: { ...goodRun.config, prepare: { sed: 1 } } },
    status: 400,
    code: "invalid_request",
    field: "config.prepare.sed",
  },
  {
    name: "a bad model name",
    path: "/v1/runs",
    headers: key,
    body: { ...goodRun, config: { ...goodRun.config, models: { judge: "gpt" } } },
    status: 400,
    code: "invalid_request",
    field: "config.models.judge",
  },
  {
    name: "a truncated run body",
    path: "/v1/runs",
    headers: key,
    body: '{"config": {"data": {"dataset": "bbb',
    status: 400,
    code: "malformed_json",
  },
  {
    name: "an oversized run body",
    path: "/v1/runs",
    headers: key,
    body: { ...goodRun, config: { ...goodRun.config, name: "n".repeat(3000) } },
    status: 413,
    code: "payload_too_large",
  },
  // the other routes
  {
    name: "a promotion without a version",
    path: "/v1/programs/p/promote",
    body: {},
    status: 400,
    code: "invalid_request",
    field: "version",
  },
  {
    name: "a promotion with an unknown field",
    path: "/v1/programs/p/promote",
    body: { version: "v1", force: true },
    status: 400,
    code: "invalid_request",
    field: "force",
  },
  {
    name: "a program name with a slash",
    method: "GET",
    path: "/v1/programs/a%2F..%2Fb/versions",
    status: 400,
    code: "invalid_request",
    field: "name",
  },
  {
    name: "a trial stage that is not a key",
    method: "GET",
    path: "/v1/runs/run-1/trials?stage=..%2Fx",
    status: 400,
    code: "invalid_request",
    field: "stage",
  },
];
