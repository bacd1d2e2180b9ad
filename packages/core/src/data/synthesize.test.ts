import { beforeAll, describe, expect, it } from "vitest";
import { LMError } from "../lm/errors.ts";
import { FakeLM } from "../lm/fake-lm.ts";
import type { LMRequest } from "../lm/types.ts";
import { SimLM } from "../sim/sim-lm.ts";
import { conversationSchema } from "./conversations.ts";
import { type LanguageDetector, loadLanguageDetector } from "./language.ts";
import { checkRows } from "./row-schema.ts";
import type { SeedQuestion } from "./synthesis-seeds.ts";
import { type SynthesizeOptions, synthesizeConversations } from "./synthesize.ts";

let detector: LanguageDetector;
beforeAll(async () => {
  detector = await loadLanguageDetector();
});

const seeds: SeedQuestion[] = [
  { id: "s1", question: "My bag never arrived in Denver, where is it?", company: "Delta Air Lines" },
  { id: "s2", question: "Can I get a refund for my cancelled flight to Boston?", company: "JetBlue Airways" },
];

const good = (question: string) => ({
  turns: [
    { role: "Customer", text: question },
    { role: "Support", text: `Sorry about that. Please send us a DM with your booking code about: ${question}` },
  ],
});

function options(lm: SynthesizeOptions["lm"], extra: Partial<SynthesizeOptions> = {}): SynthesizeOptions {
  return {
    n: 2,
    lm,
    model: lm.model,
    turns: { min: 2, max: 4 },
    seed: 1,
    seedFile: { name: "seeds.csv", sha256: "abc" },
    detector,
    concurrency: 1,
    ...extra,
  };
}

/** The seed question of a synthesis request, read from its rendered prompt. */
function questionOf(request: LMRequest): string {
  const text = request.messages.map((m) => m.content).join("\n");
  return seeds.find((seed) => text.includes(seed.question))?.question ?? "";
}

describe("synthesizeConversations", () => {
  it("writes conversations in the format prepare reads, with id, company, seed and model", async () => {
    const lm = new FakeLM((request) => FakeLM.json(good(questionOf(request))));

    const result = await synthesizeConversations(seeds, options(lm));

    const rows = result.version.rows;
    expect(
      checkRows(
        { file: "x", rows: rows.map((values, i) => ({ values, row: i + 1 })), problems: [] },
        conversationSchema,
      ).problems,
    ).toEqual([]);
    expect(rows[0]).toMatchObject({
      company: "Delta Air Lines",
      seed_id: "s1",
      seed_question: seeds[0]?.question,
      model: "fake/scripted",
      conversation: `Customer: ${seeds[0]?.question}\nSupport: Sorry about that. Please send us a DM with your booking code about: ${seeds[0]?.question}`,
    });
    expect(new Set(rows.map((r) => r.conversation_id)).size).toBe(2);
  });

  it("retries a generation that breaks a rule, with a new rollout", async () => {
    const lm = new FakeLM((request, index) =>
      index === 0
        ? FakeLM.json({
            turns: [
              { role: "Support", text: "Hi!" },
              { role: "Customer", text: questionOf(request) },
            ],
          })
        : FakeLM.json(good(questionOf(request))),
    );

    const result = await synthesizeConversations(seeds, options(lm));

    expect(result.version.rows).toHaveLength(2);
    expect(result.rejectedByCode).toEqual({ support_first: 1 });
    expect(lm.requests[2]?.rolloutId).toBe(1);
    expect(result.version.lineage.counts).toMatchObject({ rejected_support_first: 1, failed: 0, rows: 2 });
  });

  it("reports a conversation that stays invalid after its last attempt", async () => {
    const lm = new FakeLM((request) =>
      questionOf(request) === seeds[1]?.question
        ? FakeLM.json({
            turns: [
              { role: "Customer", text: "hi" },
              { role: "Customer", text: "hello?" },
            ],
          })
        : FakeLM.json(good(questionOf(request))),
    );

    const result = await synthesizeConversations(seeds, options(lm, { maxAttempts: 3 }));

    expect(result.version.rows.map((r) => r.seed_id)).toEqual(["s1"]);
    expect(result.failed).toEqual([
      { slot: 1, seedId: "s2", attempt: 3, code: "roles_do_not_alternate", reason: "turns 1 and 2 have the same role" },
    ]);
    expect(result.usage.calls).toBe(4);
  });

  it("drops a near-duplicate and asks again", async () => {
    const same = good(seeds[0]?.question ?? "");
    const lm = new FakeLM((request, index) => FakeLM.json(index < 2 ? same : good(questionOf(request))));

    const result = await synthesizeConversations(seeds, options(lm));

    expect(result.rejections.map((r) => [r.slot, r.code])).toEqual([[1, "near_duplicate"]]);
    expect(result.version.rows.map((r) => r.seed_id)).toEqual(["s1", "s2"]);
  });

  it("refuses a conversation in another language than asked", async () => {
    const spanish = {
      turns: [
        { role: "Customer", text: "Mi maleta no llegó a Denver y nadie en el mostrador sabe dónde está." },
        { role: "Support", text: "Lo sentimos mucho, por favor envíenos un mensaje con su número de reserva." },
      ],
    };
    const lm = new FakeLM((request, index) => FakeLM.json(index === 0 ? spanish : good(questionOf(request))));

    const result = await synthesizeConversations(seeds, options(lm));

    expect(result.rejections[0]).toMatchObject({ slot: 0, code: "language", reason: "written in es, not en" });
    expect(result.version.rows).toHaveLength(2);
  });

  it("counts an LM failure as a refused attempt and retries it", async () => {
    const outage = new LMError("server", "fake: 503", { provider: "fake", status: 503 });
    const lm = new FakeLM((request, index) => (index === 0 ? outage : FakeLM.json(good(questionOf(request)))));

    const result = await synthesizeConversations(seeds, options(lm));

    expect(result.rejections).toEqual([{ slot: 0, seedId: "s1", attempt: 1, code: "server", reason: "fake: 503" }]);
    expect(result.version.rows).toHaveLength(2);
  });

  it("gives the simulator's conversations the same dataset id every time, labelled simulated", async () => {
    const run = () => synthesizeConversations(seeds, options(new SimLM("sim/strong"), { n: 4 }));

    const [first, second] = [await run(), await run()];

    expect(first.version.id).toBe(second.version.id);
    expect(first.simulated).toBe(true);
    expect(first.version.rows.every((row) => row.simulated === true)).toBe(true);
    expect(first.version.lineage).toMatchObject({
      transform: "synthesize",
      seed: 1,
      params: { model: "sim/strong", seeds: { file: "seeds.csv", sha256: "abc", count: 2 }, n: 4 },
    });
  });
});
