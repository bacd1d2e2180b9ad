import { parseTurns } from "./conversation.ts";

/** A language identifier: ISO 639-1 code ("" when unknown) and whether the guess is solid. */
export interface LanguageDetector {
  detect(text: string): { language: string; reliable: boolean };
}

/**
 * The bundled detector: eld (Efficient Language Detector), whose n-gram model ships inside the
 * npm package, so nothing is downloaded at run time. Loaded on demand because the model takes
 * a few hundred milliseconds to parse and most commands never need it.
 *
 * @example
 * const detector = await loadLanguageDetector();
 * detector.detect("¿Dónde está mi maleta?").language; // "es"
 */
export async function loadLanguageDetector(): Promise<LanguageDetector> {
  const { eld } = await import("eld/small");
  const instance = eld.newInstance();
  return {
    detect(text) {
      const result = instance.detect(text);
      return { language: result.language, reliable: result.isReliable() };
    },
  };
}

/** Fewer letters than this and a guess from the customer's words alone is a coin toss. */
const minCustomerLetters = 30;

/**
 * The language of a support conversation, or "unknown". The customer's own words decide when
 * there are enough of them (support often answers a Spanish tweet in English); otherwise the
 * whole conversation does. Handles, links, hashtags and masks like `__email__` are removed first
 * because they are not in any language.
 *
 * @example
 * conversationLanguage("Customer: Gracias por avisarme del atraso\nSupport: You're welcome!", detector); // "es"
 */
export function conversationLanguage(conversation: string, detector: LanguageDetector): string {
  const turns = parseTurns(conversation);
  const customerText = stripNonWords(
    turns
      .filter((turn) => turn.speaker === "customer")
      .map((turn) => turn.text)
      .join("\n"),
  );
  if (countLetters(customerText) >= minCustomerLetters) {
    const guess = detector.detect(customerText);
    if (guess.reliable && guess.language !== "") return guess.language;
  }
  const whole = detector.detect(stripNonWords(turns.map((turn) => turn.text).join("\n")));
  return whole.language === "" ? "unknown" : whole.language;
}

function stripNonWords(text: string): string {
  return text
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/[@#][\p{L}\p{N}_]+/gu, " ")
    .replace(/__\w+__/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function countLetters(text: string): number {
  return text.replace(/[^\p{L}]/gu, "").length;
}
