/**
 * Phrase banks the simulated generator builds support replies from. Each bank carries exactly
 * the observable quality its name says (see world.ts), and fillers carry none, so which banks
 * a reply draws from decides how the simulated truth scores it.
 */

/** Sentences that answer a topic; each contains the topic's own words. `{company}` is filled in. */
export const answersByTopic: Readonly<Record<string, readonly string[]>> = {
  baggage: [
    "Our baggage team can trace your bag with the tag number you received at the airport.",
    "Most delayed bags are delivered within 24 hours, and we are tracing yours now.",
  ],
  refund: [
    "Eligible refunds go back to your original form of payment within 7 to 10 business days.",
    "Your ticket may qualify for a refund or a travel credit, depending on the fare.",
  ],
  delay: [
    "The delay was caused by weather, and we are working to get you moving as soon as possible.",
    "Your flight was delayed by aircraft maintenance, and safety comes first.",
  ],
  booking: [
    "Changes to your booking can be made online under Manage Trips.",
    "Your reservation can be changed or upgraded online or at the airport.",
  ],
  onboard: [
    "The crew can reset the wifi and entertainment system if it stops working.",
    "Our inflight wifi and entertainment are being upgraded across the fleet.",
  ],
  loyalty: ["Missing miles can be requested online once your flight has posted to your account."],
  checkin: [
    "Online check-in opens 24 hours before departure in the app.",
    "You can check in and get your boarding pass in our app.",
  ],
  assistance: ["Our special assistance team can arrange a wheelchair or other help at the airport."],
  staff: ["We hold our staff to a high standard and will share your feedback with the crew."],
};

/** Concrete next steps by topic; `default` serves any topic without its own. */
export const nextStepsByTopic: Readonly<Record<string, readonly string[]>> = {
  baggage: ["Please DM us your bag tag number and we'll track it down."],
  refund: ["Please DM us your confirmation code and we'll look into it for you."],
  delay: ["We'll rebook you on the next available flight if you DM us your record locator."],
  default: [
    "Please DM us your record locator so we can take a closer look.",
    "Please send us a DM with your confirmation number and we'll take a look.",
    "You can also call our Reservations team at 800-433-7300.",
  ],
};

/** Empathy that names the problem: `{noun}` is the customer's topic or one of their words. */
export const specificEmpathy: readonly string[] = [
  "We're sorry to hear about the trouble with your {noun}.",
  "Sorry about the {noun} issue, that is not the experience we want for you.",
  "We understand how frustrating this {noun} problem must be.",
];

export const genericEmpathy: readonly string[] = [
  "We apologize for any inconvenience.",
  "Sorry for the inconvenience this has caused.",
];

/** Openers that answer nothing (used when a reply misses the customer's point). */
export const offTopic: readonly string[] = [
  "Thanks for reaching out to {company}.",
  "We appreciate you flying with {company}.",
  "Thanks for getting in touch with us.",
];

export const dismissive: readonly string[] = [
  "There is nothing we can do about that.",
  "You should have read the policy before booking.",
  "That is not our problem.",
];

/** Padding that makes a reply long without adding any quality. */
export const fillers: readonly string[] = [
  "We truly value your loyalty and appreciate you choosing {company} for your travels.",
  "Our team works around the clock to make every journey as smooth and comfortable as possible for everyone.",
  "Thank you again for your patience while our team works on this for you.",
  "Have a wonderful day, and we hope to welcome you on board again very soon.",
];

/** Sentences that give a timeframe (only worlds that judge timeframes plan them). */
export const timeframes: readonly string[] = [
  "You should hear back from our team within 48 hours.",
  "We expect to have an update for you within 24 hours.",
  "This is usually resolved in 3 to 5 business days.",
];

/** Requests for the booking reference. */
export const referenceRequests: readonly string[] = [
  "Could you tell us your booking reference?",
  "What is the booking reference on your itinerary?",
];

/** Sentences that put the blame on the customer (a reply that fails `noBlame` has one). */
export const blaming: readonly string[] = [
  "This happened because you did not check in on time.",
  "Unfortunately you failed to add the bag when booking.",
  "As stated in our policy, changes were your responsibility.",
];

/** Agent signatures that close a signed reply. */
export const signatures: readonly string[] = ["-Dana", "^JL", "*MK", "- Anwar"];

export const signOffs: readonly string[] = ["Safe travels!", "Thanks for flying with us.", ""];

/** Fills `{name}` slots. */
export function fillSlots(template: string, slots: Readonly<Record<string, string | undefined>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => slots[name] ?? whole);
}
