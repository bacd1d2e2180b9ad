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

/**
 * Keyword families by which instructions name each criterion. A judge or generator whose
 * instructions match a family "attends to" that criterion.
 */
export const criterionKeywords = {
  addresses:
    /\b(address\w*|answers? (?:the|their|its) (?:question|request|concern)|relevan\w*|on[- ]topic|responsive|the customer'?s (?:question|request|issue|concern|problem)|accura\w*|helpful\w*)\b/i,
  nextStep:
    /\b(next steps?|actionable|concrete|resolution|resolve\w*|solution|follow[- ]up|how to proceed|path forward|specific steps?|what to do next)\b/i,
  empathy: /\b(empath\w*|acknowledg\w*|sympath\w*|understanding|compassion\w*|caring|feelings|apolog\w*)\b/i,
  concise: /\b(concise\w*|brief\w*|short|succinct|to the point|clear\w*|wordy|rambling|verbose)\b/i,
  polite: /\b(rude\w*|polite\w*|professional\w*|courte\w*|respectful\w*|tone|dismissive\w*|friendly)\b/i,
} as const satisfies Record<string, RegExp>;

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
