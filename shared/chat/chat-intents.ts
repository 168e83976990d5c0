import { emailSchema } from '#shared/contacts/contact.schema.ts';
import { foldText } from '#shared/platform/db/keys.ts';
import type { ChatLanguage } from './chat.schema.ts';

/**
 * The rule-based understanding of the chatbot: language, intent and the order number and email in
 * a message. Pure functions over folded text (ä → ae, ß → ss), so "Bestellübersicht" and
 * "Bestelluebersicht" are read alike.
 */

export type ChatIntent = 'human' | 'order_status' | 'greeting' | 'thanks' | 'question';

const GERMAN =
  /^(der|die|das|ist|wo|wie|was|mein|meine|meiner|ich|sie|bitte|hallo|danke|und|nicht|kann|koennen|moechte|mit|bestellung|lieferung|mitarbeiter|mensch|ein|eine|habe|wann|warum|zu|fuer|auf|guten|tag|verfolgen|ruecksendung)$/;
const ENGLISH =
  /^(the|my|is|where|how|what|can|please|hello|hi|thanks|thank|you|i|want|would|like|to|an|a|order|track|delivery|return|help|with|talk|speak|human|agent|when|why|for|on|of|is|am|me)$/;

/** "en" when the message has more English than German function words, "de" when the reverse, else undefined. */
export const detectLanguage = (message: string): ChatLanguage | undefined => {
  let de = 0;
  let en = 0;
  for (const word of foldText(message).split(/[^a-z0-9]+/)) {
    if (GERMAN.test(word)) de += 1;
    if (ENGLISH.test(word)) en += 1;
  }
  if (en > de) return 'en';
  if (de > en) return 'de';
  return undefined;
};

const HUMAN = /\b(mitarbeiter\w*|mensch\w*|berater\w*|kundenberater\w*|agent|agents|human|real person)\b/;
const ORDER =
  /\b(bestell\w*|lieferung\w*|lieferstatus|liefertermin|sendungsverfolgung|paket\w*|order|orders|tracking|track|delivery|shipment|parcel)\b/;
const GREETING =
  /^(hallo|hi|hey|hello|moin|servus|guten (morgen|tag|abend)|good (morning|afternoon|evening))\b/;
const THANKS = /\b(danke\w*|vielen dank|thanks|thank you|cheers)\b/;

export const detectIntent = (message: string): ChatIntent => {
  // An email address is no word of the message ("someone@…", "order@…").
  const text = foldText(message.replace(EMAIL_IN_TEXT, ' '));
  if (HUMAN.test(text)) return 'human';
  if (ORDER.test(text)) return 'order_status';
  const short = text.split(' ').length <= 4;
  if (short && THANKS.test(text)) return 'thanks';
  if (short && GREETING.test(text)) return 'greeting';
  return 'question';
};

const EMAIL_IN_TEXT = /[^\s@<>(),;:"']+@[^\s@<>(),;:"']+\.[A-Za-z]{2,}/;
/** Order numbers are the order ids (ULIDs, Crockford base 32), as the order confirmation prints them. */
const ORDER_NUMBER = /\b[0-9A-HJKMNP-TV-Z]{26}\b/i;
/** Anything a customer may type as an order number: letters and digits, at least one digit. */
const LOOSE_NUMBER = /(?:^|[\s#:])([A-Za-z0-9-]*\d[A-Za-z0-9-]*)(?=$|[\s.,!?;])/;

/** The email in a message, normalised, if it is one. */
export const emailIn = (message: string): string | undefined => {
  const match = EMAIL_IN_TEXT.exec(message)?.[0].replace(/[.]+$/, '');
  const parsed = match ? emailSchema.safeParse(match) : undefined;
  return parsed?.success ? parsed.data : undefined;
};

/**
 * The order number in a message: a well-formed one anywhere, or, when the bot asked for it
 * (`loose`), whatever number-like word the customer typed; a malformed one is then checked like any
 * other and answered with the same neutral reply.
 */
export const orderNumberIn = (message: string, loose: boolean): string | undefined => {
  const withoutEmail = message.replace(EMAIL_IN_TEXT, ' ');
  const strict = ORDER_NUMBER.exec(withoutEmail)?.[0];
  if (strict) return strict.toUpperCase();
  if (!loose) return undefined;
  const candidate = LOOSE_NUMBER.exec(withoutEmail)?.[1];
  return candidate && candidate.length >= 3 && candidate.length <= 40 ? candidate.toUpperCase() : undefined;
};
