// The README's library example: a ChainOfThought judge evaluated on five transcripts with the
// simulator (results are simulated). Run it with `npx tsx examples/library/judge-five.ts`.
import { ChainOfThought, Example, evaluate, exactMatch, Signature, SimLM } from "@judgeloop/core";

const signature = Signature.parse(
  "transcript: string -> satisfied: boolean",
  "Decide whether the last Support reply satisfies the customer: it must address their question, " +
    "offer a concrete next step, show specific empathy, stay concise and never be rude.",
);
const judge = new ChainOfThought(signature, { lm: new SimLM("sim/strong") });

const transcripts: [string, boolean][] = [
  [
    "Customer: My bag never arrived in Dallas.\nSupport: So sorry your bag is missing! DM us your file reference and we'll trace it today.",
    true,
  ],
  ["Customer: Can I change my flight to tomorrow?\nSupport: Not our problem.", false],
  ["Customer: Is my flight AA100 delayed?\nSupport: We apologize for any inconvenience.", false],
  [
    "Customer: I need a refund for my cancelled flight.\nSupport: Sorry your trip was cancelled. Please send your confirmation code by DM and we'll process the refund.",
    true,
  ],
  ["Customer: Thanks for the upgrade!\nSupport: Glad you enjoyed it, thanks for flying with us!", true],
];
const dataset = transcripts.map(([transcript, satisfied], i) =>
  new Example({ transcript, satisfied }, { id: `ex-${i}` }).withInputs("transcript"),
);

const result = await evaluate(judge, dataset, exactMatch("satisfied"), { concurrency: 5 });
console.log(`agreement ${result.score} over ${result.n} examples (simulated: ${result.simulated})`);
