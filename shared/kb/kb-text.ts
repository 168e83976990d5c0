import { foldText } from '#shared/platform/db/keys.ts';

/**
 * Text analysis for the knowledge base search, German and English in one pipeline:
 * fold (lower case, ä → ae, ß → ss, accents dropped: shared with the rest of the table), split into
 * words, drop stop words, split German compounds on known parts, strip inflection endings.
 * The same analysis runs on articles and on queries, so "Rücksendungen" and "ruecksendung" meet.
 */

const STOP_WORDS = new Set(
  (
    'der die das den dem des ein eine einen einem einer eines und oder aber als auch auf aus bei bis ' +
    'durch fuer gegen hat haben ich ihr ihre im in ist kann koennen mit nach nicht noch nur ob sich ' +
    'sie so um unter vom von vor war wie wird wir zu zum zur ueber wo was wer mein meine meinen meiner ' +
    'mich mir sind sein es er am an dass diese dieser dieses man bitte ' +
    'a an and are as at be by can do does for from how i if in into is it my of on or our so that the ' +
    'their this to was we what when where which who why will with you your please'
  ).split(' '),
);

/**
 * Parts that German compounds of a help desk are commonly made of. Words of the indexed articles
 * join them at build time (see `CompoundSplitter`), so the list only seeds what the corpus lacks.
 */
const SEED_PARTS = (
  'anleitung sendung rueck versand lieferung liefer bestellung bestell rechnung zahlung konto ' +
  'passwort kunde kunden installation einrichtung update garantie reparatur umtausch tausch ' +
  'ruecksendung ruecksende retoure status nummer adresse daten schutz frist kosten gebuehr ' +
  'produkt geraet software hardware lizenz vertrag kuendigung support hilfe fehler problem ' +
  'verfolgung paket termin service handbuch anmeldung benutzer zugang schluessel'
).split(' ');

/** Linking elements (Fugen) between compound parts: "Installation-s-anleitung", "Kunde-n-konto". */
const LINKS = ['s', 'es', 'n', 'en', 'e'];

/**
 * A light stemmer in the manner of CISTEM (Weissweiler & Fraser 2017) without its character
 * substitutions: strips -em, -er, -nd and then -e, -s, -n, repeatedly, from words longer than
 * three letters. It is language-agnostic enough for English plurals ("guides", "orders") too.
 * Conflations it makes ("order" and "ordern") are harmless for ranking.
 */
export const stem = (word: string): string => {
  let w = word;
  while (w.length > 3) {
    if (w.length > 5 && /(em|er|nd)$/.test(w)) w = w.slice(0, -2);
    else if (/[esn]$/.test(w)) w = w.slice(0, -1);
    else break;
  }
  return w;
};

/** Folded words in order, with their position in the original text (for snippets). */
export const words = (text: string): { word: string; start: number; end: number }[] => {
  const out: { word: string; start: number; end: number }[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    out.push({ word: foldText(match[0]), start: match.index, end: match.index + match[0].length });
  }
  return out;
};

export const isStopWord = (folded: string): boolean => STOP_WORDS.has(folded);

/**
 * Splits compounds on known parts: the longest known tail (at least four letters) whose head,
 * with or without a linking element, is itself known or long enough to be a word. Known parts are
 * the seed list plus every short word of the corpus (words up to 12 letters are rarely compounds).
 */
export class CompoundSplitter {
  private readonly known: Set<string>;

  constructor(corpusWords: Iterable<string> = []) {
    this.known = new Set(SEED_PARTS);
    for (const word of corpusWords) if (word.length >= 4 && word.length <= 12) this.known.add(word);
  }

  /** The parts of a compound (head first, without linking elements), or [] when it is no compound. */
  split(word: string): string[] {
    if (word.length < 8) return [];
    for (let cut = 3; cut <= word.length - 4; cut += 1) {
      const tail = word.slice(cut);
      if (!this.known.has(tail)) continue;
      const head = word.slice(0, cut);
      const headPart = this.headOf(head);
      if (headPart) {
        const headParts = this.split(headPart);
        return [...(headParts.length > 0 ? headParts : [headPart]), tail];
      }
      // An unknown head is still a useful term when the tail is certain ("Foobar-anleitung").
      if (head.length >= 4) return [head, tail];
    }
    return [];
  }

  private headOf(head: string): string | undefined {
    if (this.known.has(head)) return head;
    for (const link of LINKS) {
      if (head.endsWith(link) && this.known.has(head.slice(0, -link.length))) {
        return head.slice(0, -link.length);
      }
    }
    return undefined;
  }
}

/**
 * The index terms of a text: each word's stem, plus the stems of its compound parts.
 * `undefined` splitter: no decompounding (queries expand by prefix and suffix instead).
 */
export const analyze = (text: string, splitter?: CompoundSplitter): string[] => {
  const terms: string[] = [];
  for (const { word } of words(text)) {
    if (word.length < 2 || isStopWord(word)) continue;
    terms.push(stem(word));
    if (splitter) for (const part of splitter.split(word)) terms.push(stem(part));
  }
  return terms;
};

/** The distinct stems of a query, in order. */
export const queryTerms = (text: string): string[] => [...new Set(analyze(text))];
