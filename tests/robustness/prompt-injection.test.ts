import { type Adapter, ChatAdapter, Example, evaluate, JSONAdapter, Predict, Signature, SimLM } from "@judgeloop/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readPrompt } from "../../packages/core/src/sim/prompt-reader.ts";
import { injections, nastyString } from "./support/arbitraries.ts";
import { propertyRuns } from "./support/properties.ts";

const adapters: Adapter[] = [new JSONAdapter(), new ChatAdapter()];

const judge = Signature.parse("transcript: string -> reasoning: string, satisfied: bool").withInstructions(
  "Decide whether the last Support: reply satisfies the customer: it addresses the question and offers a next step.",
);
const twoInputs = Signature.parse("company: string, transcript: string -> reasoning: string, satisfied: bool");

const said = fc.oneof(
  fc.constantFrom(
    "my bag never arrived at LHR",
    "can I change my seat?",
    "Sorry about that! Please DM us your booking reference and we will track your bag right away.",
    "No.",
    "thanks!",
  ),
  nastyString(6),
);

/** A support transcript with injection lines (instructions, fake markers, fake turns) spliced in. */
const injectedTranscript = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom("Customer", "Support", "Agent"), said), { minLength: 1, maxLength: 5 }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...injections)), { minLength: 1, maxLength: 3 }),
    fc.constantFrom("\n", "\r\n"),
  )
  .map(([turns, inserts, eol]) => {
    const lines = turns.map(([speaker, text]) => `${speaker}: ${text}`);
    for (const [at, text] of inserts) lines.splice(at % (lines.length + 1), 0, text);
    return lines.join(eol);
  });

/** Ends in a period, so no trailing whitespace is stripped when the value closes a message. */
const demoText = injectedTranscript.map((text) => `${text}.`);
const demo = fc.record({ transcript: demoText, reasoning: demoText, satisfied: fc.boolean() });

describe.each(adapters.map((adapter) => [adapter.name, adapter] as const))("%s adapter rendering", (_name, adapter) => {
  it("keeps injected text inside its input block: the markers around it are exactly the expected ones", () => {
    const neutralSystem = adapter.format(twoInputs, [], { company: "x", transcript: "y" })[0]?.content;
    fc.assert(
      fc.property(nastyString(8), injectedTranscript, (company, transcript) => {
        const messages = adapter.format(twoInputs, [], { company, transcript });

        expect(messages.map((m) => m.role)).toEqual(["system", "user"]);
        expect(messages[0]?.content).toBe(neutralSystem);
        const reminder = adapter.outputReminder?.(twoInputs) ?? "";
        expect(messages[1]?.content).toBe(
          `[[ ## company ## ]]\n${company}\n\n[[ ## transcript ## ]]\n${transcript}\n\n${reminder}`,
        );
      }),
      propertyRuns(200),
    );
  });

  it("renders each demo as one user turn and one assistant turn whose answer holds exactly the demo's outputs", () => {
    fc.assert(
      fc.property(fc.array(demo, { minLength: 1, maxLength: 3 }), (demos) => {
        const messages = adapter.format(judge, demos, { transcript: "Customer: hi" });

        expect(messages.map((m) => m.role)).toEqual(["system", ...demos.flatMap(() => ["user", "assistant"]), "user"]);
        demos.forEach((d, i) => {
          expect(messages[1 + 2 * i]?.content).toBe(`[[ ## transcript ## ]]\n${d.transcript}`);
          const answer = messages[2 + 2 * i]?.content ?? "";
          if (adapter.name === "json")
            expect(JSON.parse(answer)).toEqual({ reasoning: d.reasoning, satisfied: d.satisfied });
          else {
            const verdict = d.satisfied ? "True" : "False";
            expect(answer).toBe(
              `[[ ## reasoning ## ]]\n${d.reasoning}\n\n[[ ## satisfied ## ]]\n${verdict}\n\n[[ ## completed ## ]]\n`,
            );
          }
        });
      }),
      propertyRuns(150),
    );
  });
});

describe.each(adapters.map((adapter) => [adapter.name, adapter] as const))(
  "the simulator reading a %s prompt",
  (_name, adapter) => {
    it("reads an injected transcript whole and the rest of the prompt exactly as without it", () => {
      fc.assert(
        fc.property(injectedTranscript, fc.array(demo, { maxLength: 2 }), (transcript, demos) => {
          const clean = readPrompt(adapter.format(judge, demos, { transcript: "Customer: hi" }));

          const read = readPrompt(adapter.format(judge, demos, { transcript }));

          expect(read).toEqual({ ...clean, inputs: { transcript: transcript.trim() } });
          expect(read.demos.map((d) => d.inputs.transcript)).toEqual(demos.map((d) => d.transcript.trim()));
          const verdicts = read.demos.map((d) => d.outputs.satisfied?.toLowerCase());
          expect(verdicts).toEqual(demos.map((d) => String(d.satisfied)));
        }),
        propertyRuns(150),
      );
    });

    it("still answers after a repair turn in the requested format, whatever the transcript says", () => {
      fc.assert(
        fc.property(injectedTranscript, (transcript) => {
          const messages = adapter.format(judge, [], { transcript });
          const repaired = [
            ...messages,
            { role: "assistant" as const, content: "{" },
            { role: "user" as const, content: `Answer again.\n\n${adapter.outputReminder?.(judge) ?? ""}` },
          ];

          const read = readPrompt(repaired);

          expect(read.inputs).toEqual({ transcript: transcript.trim() });
          expect(read.format).toBe(adapter.name === "json" ? "json" : "markers");
        }),
        propertyRuns(100),
      );
    });
  },
);

describe.each(adapters.map((adapter) => [adapter.name, adapter] as const))(
  "judging injected transcripts with %s",
  (_name, adapter) => {
    it("scores every example on its first LM call, with the verdict the simulated judge wrote", async () => {
      const lm = new SimLM("sim/strong");
      const program = new Predict(judge, { adapter, lm });
      await fc.assert(
        fc.asyncProperty(fc.array(injectedTranscript, { minLength: 1, maxLength: 4 }), async (transcripts) => {
          const dataset = transcripts.map(
            (transcript, i) => new Example({ transcript }, { id: `c${i}`, inputs: ["transcript"] }),
          );

          const result = await evaluate(
            program,
            dataset,
            (_example, prediction) => typeof prediction.get("satisfied") === "boolean",
            {
              lm,
              concurrency: 2,
            },
          );

          expect({ n: result.n, errors: result.errors, notRun: result.notRun }).toEqual({
            n: dataset.length,
            errors: 0,
            notRun: 0,
          });
          for (const record of result.records) {
            expect(record.status).toBe("scored");
            expect(record.score).toBe(1);
            expect(record.calls).toBe(1);
            const answer = await lm.call({
              messages: adapter.format(judge, [], { transcript: String(record.inputs.transcript) }),
            });
            expect(record.outputs?.satisfied).toBe(writtenVerdict(answer.text));
          }
        }),
        propertyRuns(60),
      );
    });
  },
);

/** The verdict as the simulated model wrote it: its JSON field, or the text under its first marker. */
function writtenVerdict(answer: string): boolean {
  const text = answer.trim().startsWith("{")
    ? String((JSON.parse(answer) as { satisfied?: unknown }).satisfied)
    : (/\[\[ ## satisfied ## \]\]\n(\w+)/.exec(answer)?.[1] ?? "");
  return text.toLowerCase() === "true";
}
