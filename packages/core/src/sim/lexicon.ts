/**
 * The word lists the simulated world reads text with. They are deliberately small and
 * inspectable: every simulated verdict can be traced back to a match in one of these lists.
 */

/** Support topics a customer turn can raise; a reply that mentions one of them addresses it. */
export const topics: Readonly<Record<string, RegExp>> = {
  baggage: /\b(bags?|baggage|luggage|suitcases?|carry[- ]?ons?|strollers?|bag tags?)\b/i,
  refund: /\b(refund\w*|reimburs\w*|money back|compensat\w*|vouchers?|credits?|charged|charges?|fees?)\b/i,
  delay: /\b(delay\w*|late|cancel\w*|missed (?:my |the )?connection|stuck|stranded|diverted)\b/i,
  booking: /\b(book(?:ed|ing)?|reservations?|tickets?|itinerar\w*|seats?|upgrade\w*|standby|schedule change)\b/i,
  onboard: /\b(wi-?fi|internet|entertainment|movies?|outlets?|power|screens?|meals?|food|snacks?|drinks?)\b/i,
  loyalty: /\b(miles|aadvantage|points|elite|status|lounge|admirals club)\b/i,
  checkin: /\b(check[- ]?in|boarding pass\w*|app|website|kiosk|tsa|precheck|security|passports?)\b/i,
  assistance: /\b(wheelchairs?|assistance|pets?|dogs?|cats?|infants?|disabilit\w*|special needs)\b/i,
  staff: /\b(staff|crew|gate agents?|flight attendants?|pilots?|employees?|customer service|on hold)\b/i,
};

/** The word a reply uses when it talks about a topic (for generated replies and summaries). */
export const topicNouns: Readonly<Record<string, string>> = {
  baggage: "bag",
  refund: "refund",
  delay: "delay",
  booking: "booking",
  onboard: "inflight wifi and entertainment",
  loyalty: "AAdvantage miles",
  checkin: "check-in",
  assistance: "special assistance request",
  staff: "staff experience",
};

/** Reply phrases that give the customer something concrete to do or expect. */
export const nextStepPattern = new RegExp(
  [
    "\\b(dm|pm us|direct message|send us|send (?:me|your)|share (?:your|the)|provide (?:your|the|us)",
    "record locator|confirmation (?:number|code)|bag tag number|visit|go to|https?://|t\\.co/",
    "call (?:us|our|the|\\d)|give (?:us|our [a-z ]+) a call|contact (?:us|our|the)|reach out|rebook\\w*",
    "follow (?:us|up|this link|the link)|fill out|submit|file a (?:claim|report)",
    "we(?:'ll| will) (?:rebook|refund|look into|check|follow up|send|process|fix|update|forward|take a look|get you|track)",
    "what(?:'s| is) your (?:flight|confirmation|record)|can you (?:tell|share|send)",
    "please (?:dm|send|share|provide|call|visit|contact|follow))\\b",
  ].join("|"),
  "i",
);

/** Words that signal apology or understanding; specific only when they sit next to the topic. */
export const empathyPattern =
  /\b(sorry|apologi[sz]e\w*|apologies|understand\w*|frustrat\w*|hear (?:that|about)|unfortunate\w*|regret\w*|disappoint\w*|hate to hear)\b/i;

/** Dismissive or rude phrasing; any match makes a reply fail the politeness criterion. */
export const rudePattern = new RegExp(
  [
    "\\b(not our (?:problem|fault|responsibility)|nothing (?:we|i) can do|calm down|you should have",
    "read the (?:policy|rules|terms)|deal with it|whatever|obviously|as (?:i|we) (?:already )?(?:said|told you)",
    "stupid|ridiculous|not my problem|too bad|your (?:own )?fault|we don'?t care|stop complaining|figure it out)\\b",
  ].join("|"),
  "i",
);

/** Reply phrases that give the customer a timeframe: "within 24 hours", "in 7-10 business days". */
export const timeframePattern = new RegExp(
  [
    "\\b((?:within|in) (?:the next )?(?:\\d+|a few|an?|one|two|three|several)(?:\\s*(?:-|to)\\s*\\d+)?",
    "\\s*(?:business |working )?(?:minutes?|hours?|hrs|days?|weeks?)|\\d+\\s*(?:-|to)\\s*\\d+ (?:business |working )?",
    "(?:days|hours|weeks)|by (?:tomorrow|tonight|the end of (?:the )?(?:day|week)|(?:mon|tues|wednes|thurs|fri)day))\\b",
  ].join(""),
  "i",
);

/** Reply phrases that ask for (or name) the booking reference. */
export const referencePattern =
  /\b(booking (?:reference|ref|number|code)|reference (?:number|code)|record locator|confirmation (?:number|code|#)|pnr|reservation (?:number|code))\b/i;

/** Reply phrases that put the blame on the customer. */
export const blamePattern =
  /\b(you should have|you (?:did ?n[o']t|failed to|forgot to|were supposed to|chose to|agreed to)|your (?:own )?fault|that'?s on you|as stated in (?:the|our) (?:policy|terms))\b/i;

/** An agent's signature closing the reply: "-Anwar", "^JH", "*TJ". */
export const signaturePattern = /(?:^|[^\p{L}\p{N}])[-\u2013\u2014~^*]\s?\p{Lu}\p{L}{0,11}\.?$/u;

/**
 * How instructions name each criterion: `good` words name the quality itself ("polite",
 * "concise"), `bad` words name its failure ("rude", "wordy", "blame"). Which way an instruction
 * means a mention (ask for it, or against it) is read by instruction-reading.ts. A criterion
 * without a family (`signed`) cannot be asked for in words, only shown by demos.
 */
export const criterionFamilies: Readonly<Partial<Record<string, { good?: RegExp; bad?: RegExp }>>> = {
  addresses: {
    good: /\b(address\w*|answers? (?:the|their|its) (?:question|request|concern)|relevan\w*|on[- ]topic|responsive|the customer'?s (?:question|request|issue|concern|problem)|accura\w*|helpful\w*)\b/gi,
    bad: /\b(off[- ]topic|irrelevan\w*|evasive\w*)\b/gi,
  },
  nextStep: {
    good: /\b(next steps?|actionable|concrete|resolution|resolve\w*|solution|follow[- ]up|how to proceed|path forward|specific steps?|what to do next)\b/gi,
  },
  empathy: {
    good: /\b(empath\w*|acknowledg\w*|sympath\w*|understanding|compassion\w*|caring|feelings|apolog\w*)\b/gi,
    bad: /\b(cold|callous|robotic)\b/gi,
  },
  concise: {
    good: /\b(concise\w*|brief\w*|short|succinct|to the point|clear\w*)\b/gi,
    bad: /\b(wordy|rambling|verbose|long-winded|padded)\b/gi,
  },
  polite: {
    good: /\b(polite\w*|professional\w*|courte\w*|respectful\w*|tone|friendly)\b/gi,
    bad: /\b(rude\w*|dismissive\w*|condescending|sarcas\w*)\b/gi,
  },
  timeframe: {
    good: /\b(time ?frames?|timelines?|eta|how long|when to expect|expected (?:time|date|wait)|turnaround|wait times?|by when)\b/gi,
  },
  asksReference: {
    good: /\b(booking (?:reference|ref|code|number)|reference (?:number|code)|record locator|confirmation (?:number|code)|pnr)\b/gi,
  },
  noBlame: {
    good: /\b(blame-?free|non-?judgmental)\b/gi,
    bad: /\b(blam\w*|fault\w*|accus\w*)\b/gi,
  },
};

/** Asking for these makes a simulated generator write longer replies. */
export const verbosityPattern = /\b(polite\w*|detail\w*|thorough\w*|comprehensive\w*|explain\w*|warm\w*|friendly)\b/i;

/** Words too common in support talk to count as addressing anything (English plus support filler). */
export const stopwords: ReadonlySet<string> = new Set(
  (
    "a about above after again all also am an and any are as at be because been before being but by can could did " +
    "do does doing dont down during each few for from further get got had has have having he her here hers him his " +
    "how i if im in into is it its just me more most my no nor not now of off on once only or other our out over own " +
    "please same she should so some still such than thank thanks that the their them then there these they this " +
    "those through to too under until up us very was we were what when where which while who whom why will with " +
    "would yes you your youre ive ill cant wont didnt isnt hi hey hello flight flights fly flying airline airlines " +
    "help today know one let see like really going need want time day back"
  ).split(" "),
);
