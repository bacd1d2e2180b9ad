/**
 * Active label ordering vs random order (issue 17). Every number is SIMULATED: the SME is the
 * simulator's oracle `sim/gold`, the candidate judges are simulated models.
 *
 * For each seed: a sample of airline conversations (cut after their first Support turn) is judged
 * by the candidate judges; the SME then labels them one at a time, either in the order the label
 * queue proposes (`labelQueue`, recomputed after every label, as the page does) or in a seeded
 * random order. After every label the gate verdict of the first candidate judge is computed from
 * the labels so far (`liveGate`: bootstrap kappa interval, lower bound ≥ threshold).
 *
 * "Labels until the decision settles" is the smallest n such that the verdict from the first m
 * labels equals the verdict from all labels for every m with n ≤ m ≤ total. Fewer is better: it is
 * how many labels an SME must give before the gate stops changing its mind.
 *
 *   npm run bench:labeling [-- --items 300 --seeds 5]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { judgeVerdicts, type LiveGate, labelQueue, liveGate } from "@judgeloop/core";
import { createLMFactory, providerEnv } from "@judgeloop/local";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "300" },
    seeds: { type: "string", default: "5" },
    resamples: { type: "string", default: "500" },
    judges: { type: "string", default: "sim/judge@0.99,sim/judge@0.5,sim/judge@0.3" },
    sme: { type: "string", default: "sim/gold" },
    // Below the gate's usual 0.4: the simulator's baseline judges reach kappa ≈ 0.2–0.35 against
    // the oracle, and ordering can only matter for a judge whose interval straddles the threshold.
    threshold: { type: "string", default: "0.15" },
  },
});
const items = Number(values.items);
const seeds = Number(values.seeds);
const resamples = Number(values.resamples);
const threshold = Number(values.threshold);
/** The first judge is the one the gate checks; the others only vote in the queue's ordering. */
const judges = values.judges.split(",");
const sme = values.sme;

interface Row {
  conversation_id: string;
  transcript: string;
  [field: string]: unknown;
}

/** Every conversation cut after its first Support turn: the reply the SME and judges assess. */
function allRows(): Row[] {
  const url = new URL("../examples/airline-support/conversations.jsonl", import.meta.url);
  return readFileSync(url, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { conversation_id: string; company: string; conversation: string })
    .map((row) => {
      const lines = row.conversation.split("\n");
      const cut = lines.findIndex((line, k) => k > 0 && line.startsWith("Support:"));
      return {
        conversation_id: row.conversation_id,
        transcript: `Company: ${row.company}\nTranscript so far: ${lines.slice(0, cut + 1).join("\n")}`,
      };
    });
}

/** A seeded generator in [0, 1) (mulberry32 on an FNV-1a hash of the seed). */
function random(seed: string): () => number {
  let state = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function shuffled<T>(list: readonly T[], seed: string): T[] {
  const next = random(seed);
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The smallest n after which the verdict never changes again up to the full set. */
function settledAt(verdicts: readonly LiveGate["verdict"][]): number {
  const final = verdicts[verdicts.length - 1];
  let n = verdicts.length - 1;
  while (n > 0 && verdicts[n - 1] === final) n--;
  return n;
}

interface Trial {
  settled: number;
  final: LiveGate;
}

async function verdictsOf(rows: Row[], model: string): Promise<Map<string, boolean>> {
  const lm = createLMFactory({ env: providerEnv(process.env) })(model);
  const result = await judgeVerdicts(rows, { lm, judge: model, transcriptField: "transcript" });
  if (!result.simulated) throw new Error(`${model} is not simulated; this benchmark runs offline only`);
  return new Map(result.verdicts.map((v) => [v.conversation_id, v.satisfied]));
}

/** Labels in the queue's order, re-asking the queue after every label like the page. */
function activeTrial(input: Omit<Parameters<typeof labelQueue>[0], "labels">, gold: Map<string, boolean>): Trial {
  const labels = new Map<string, boolean>();
  const verdicts: LiveGate["verdict"][] = [];
  for (;;) {
    const queue = labelQueue({ ...input, labels });
    verdicts.push(queue.gate.verdict);
    const next = queue.next[0];
    if (next === undefined) return { settled: settledAt(verdicts), final: queue.gate };
    labels.set(next, gold.get(next) as boolean);
  }
}

/** Labels in a seeded random order. */
function randomTrial(input: Omit<Parameters<typeof labelQueue>[0], "labels">, gold: Map<string, boolean>): Trial {
  const labels = new Map<string, boolean>();
  const order = shuffled(input.itemIds, `${input.seed}:random-order`);
  const verdicts: LiveGate["verdict"][] = [];
  let gate = liveGate({ ...input, labels }, order.length);
  verdicts.push(gate.verdict);
  for (const [k, id] of order.entries()) {
    labels.set(id, gold.get(id) as boolean);
    gate = liveGate({ ...input, labels }, order.length - k - 1);
    verdicts.push(gate.verdict);
  }
  return { settled: settledAt(verdicts), final: gate };
}

const started = Date.now();
const rowsAll = allRows();
console.log(
  `bench:labeling — SIMULATED (SME ${sme}; candidate judges ${judges.join(", ")}; gate judge ${judges[0]}); ` +
    `${items} conversations per seed, ${seeds} seeds, ${resamples} bootstrap resamples per gate verdict, gate threshold ${threshold} on the kappa lower bound`,
);
console.log("labels until the gate decision settles (smaller is better)\n");
console.log("seed  final verdict  kappa [interval]       active  random  random/active");
const results: { active: number; random: number }[] = [];
for (let s = 1; s <= seeds; s++) {
  const seed = `bench-labeling-${s}`;
  // Rows with a verdict from the SME and every judge: a row a model failed on is left out.
  const sample = shuffled(rowsAll, `${seed}:sample`).slice(0, items);
  const gold = await verdictsOf(sample, sme);
  const verdicts = new Map<string, ReadonlyMap<string, boolean>>();
  for (const judge of judges) verdicts.set(judge, await verdictsOf(sample, judge));
  const itemIds = sample
    .map((row) => row.conversation_id)
    .filter((id) => gold.has(id) && judges.every((j) => verdicts.get(j)?.has(id)));
  const input = { itemIds, verdicts, seed, resamples, threshold };
  const active = activeTrial(input, gold);
  const randomOrder = randomTrial(input, gold);
  results.push({ active: active.settled, random: randomOrder.settled });
  const { final } = active;
  const interval = final.interval ? `[${final.interval.lower.toFixed(2)}, ${final.interval.upper.toFixed(2)}]` : "[-]";
  console.log(
    `${String(s).padEnd(4)}  ${final.verdict.padEnd(13)}  ${(final.kappa ?? Number.NaN).toFixed(2)} ${interval.padEnd(14)}  ` +
      `${String(active.settled).padStart(6)}  ${String(randomOrder.settled).padStart(6)}  ${ratio(randomOrder.settled, active.settled)}`,
  );
}
const mean = (key: "active" | "random") => results.reduce((sum, r) => sum + r[key], 0) / results.length;
console.log(
  `mean                                        ${mean("active").toFixed(1).padStart(6)}  ${mean("random").toFixed(1).padStart(6)}  ${ratio(mean("random"), mean("active"))}`,
);
console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s; every number above is simulated)`);

function ratio(a: number, b: number): string {
  return b === 0 ? "n/a" : `${(a / b).toFixed(2)}×`;
}
