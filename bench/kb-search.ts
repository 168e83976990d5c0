/**
 * Knowledge base search at 5,000 articles: the in-memory BM25F index (`shared/kb/kb-search-index.ts`)
 * built from generated German and English articles (realistic help-desk words, compounds among
 * them), then a few hundred queries (plain words, umlaut-folded spellings, compound parts and
 * prefixes, two-word questions). Figures: index build time, search latency p50/p99, heap used by
 * the index (after a forced GC, before and after building) and the process RSS.
 *
 * No DynamoDB here: the rebuild reads the published articles with one paged Query (docs/kb-search.md
 * has its cost); this measures what every search request pays once the index is warm.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { KbSearchIndex, type SearchableArticle } from '#shared/kb/kb-search-index.ts';
import { mulberry32 } from './support/random.ts';
import { type Verdict, writeVerdicts } from './support/results.ts';
import { ms, summarise, table } from './support/stats.ts';

const ARTICLES = Number(process.env.BENCH_KB_ARTICLES ?? 5_000);
const QUERIES = 400;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

/** A small deterministic PRNG (mulberry32): the same corpus on every run. */
const random = mulberry32(0x6b5ea4c4);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const DE_NOUNS = [
  'Installation',
  'Anleitung',
  'Rücksendung',
  'Lieferung',
  'Bestellung',
  'Rechnung',
  'Zahlung',
  'Konto',
  'Passwort',
  'Kundenkonto',
  'Garantie',
  'Reparatur',
  'Umtausch',
  'Versand',
  'Lieferzeit',
  'Gerät',
  'Drucker',
  'Netzteil',
  'Software',
  'Lizenz',
  'Vertrag',
  'Kündigung',
  'Störung',
  'Fehlermeldung',
  'Einstellung',
  'Benutzer',
  'Zugang',
  'Schlüssel',
  'Adresse',
  'Datenschutz',
  'Frist',
  'Gebühr',
  'Aktualisierung',
  'Sicherung',
  'Verbindung',
  'Netzwerk',
  'Anmeldung',
  'Benachrichtigung',
  'Größe',
];
const DE_COMPOUNDS = [
  'Installationsanleitung',
  'Rücksendeetikett',
  'Lieferadresse',
  'Rechnungsadresse',
  'Zahlungsart',
  'Passwortänderung',
  'Garantieverlängerung',
  'Versandkosten',
  'Kundennummer',
  'Bestellübersicht',
  'Lizenzschlüssel',
  'Netzwerkverbindung',
  'Sicherungskopie',
  'Benutzerkonto',
  'Datenschutzerklärung',
];
const DE_FILL = [
  'Sie',
  'können',
  'die',
  'der',
  'das',
  'im',
  'mit',
  'für',
  'nach',
  'einfach',
  'schnell',
  'jederzeit',
  'prüfen',
  'ändern',
  'herunterladen',
  'einrichten',
  'aktivieren',
  'öffnen',
  'wählen',
  'Schritt',
  'bitte',
  'wenn',
  'Ihre',
  'Ihren',
  'unter',
  'Menü',
  'danach',
  'erhalten',
  'automatisch',
  'Tagen',
];
const EN_NOUNS = [
  'installation',
  'guide',
  'return',
  'delivery',
  'order',
  'invoice',
  'payment',
  'account',
  'password',
  'warranty',
  'repair',
  'exchange',
  'shipping',
  'device',
  'printer',
  'power',
  'software',
  'licence',
  'contract',
  'cancellation',
  'error',
  'settings',
  'user',
  'access',
  'key',
  'address',
  'privacy',
  'deadline',
  'fee',
  'update',
  'backup',
  'connection',
  'network',
  'login',
  'notification',
  'size',
];
const EN_FILL = [
  'you',
  'can',
  'the',
  'your',
  'in',
  'with',
  'for',
  'after',
  'easily',
  'quickly',
  'any',
  'time',
  'check',
  'change',
  'download',
  'set',
  'up',
  'activate',
  'open',
  'select',
  'step',
  'please',
  'when',
  'under',
  'menu',
  'then',
  'receive',
  'automatically',
  'days',
];

const sentence = (language: 'de' | 'en'): string => {
  const nouns = language === 'de' ? [...DE_NOUNS, ...DE_COMPOUNDS] : EN_NOUNS;
  const fill = language === 'de' ? DE_FILL : EN_FILL;
  const words = Array.from({ length: 8 + Math.floor(random() * 10) }, () =>
    random() < 0.35 ? pick(nouns) : pick(fill),
  );
  return `${words.join(' ')}.`;
};

const article = (i: number): SearchableArticle => {
  const language = random() < 0.6 ? 'de' : 'en';
  const nouns = language === 'de' ? [...DE_NOUNS, ...DE_COMPOUNDS] : EN_NOUNS;
  // Bodies of about 150–400 words, like real help articles.
  const body = Array.from({ length: 10 + Math.floor(random() * 20) }, () => sentence(language)).join(' ');
  return {
    id: `A${String(i).padStart(25, '0')}`,
    title: `${pick(nouns)} ${pick(nouns)} ${language === 'de' ? 'Hilfe' : 'help'} ${i}`,
    body,
    language,
    tags: [pick(nouns).toLowerCase(), pick(nouns).toLowerCase()],
  };
};

const QUERY_POOL = [
  'Installation',
  'installation guide',
  'ruecksendung',
  'Rücksendung',
  'Sendung',
  'Rücksende',
  'Anleitung',
  'Passwort ändern',
  'passwort aendern',
  'Lieferadresse',
  'Adresse',
  'Rechnung herunterladen',
  'invoice download',
  'where is my order',
  'Versandkosten',
  'Kosten',
  'Lizenzschlüssel',
  'Schlüssel',
  'warranty repair',
  'Garantie',
  'Netzwerk',
  'Verbindung',
  'backup',
  'Datenschutz',
  'Kundenkonto löschen',
  'Wie kann ich meine Bestellung verfolgen?',
  'password reset',
  'Drucker Störung',
  'Fehlermeldung Gerät',
];

const heapAtStart = heapMb();
const corpus = Array.from({ length: ARTICLES }, (_, i) => article(i));
const corpusChars = corpus.reduce((sum, a) => sum + a.title.length + a.body.length, 0);
const heapBefore = heapMb();
const buildStarted = performance.now();
const index = KbSearchIndex.build(corpus);
const buildMs = performance.now() - buildStarted;
const heapAfter = heapMb();
const rssMb = process.memoryUsage().rss / 1024 / 1024;

// Warm-up, then the measured queries.
for (let i = 0; i < 50; i++) index.search(pick(QUERY_POOL), { limit: 10 });
const samples: number[] = [];
let hits = 0;
for (let i = 0; i < QUERIES; i++) {
  const q = pick(QUERY_POOL);
  const language = random() < 0.5 ? (random() < 0.6 ? 'de' : 'en') : undefined;
  const started = performance.now();
  const result = index.search(q, { language, limit: 10 });
  samples.push(performance.now() - started);
  if (result.length > 0) hits += 1;
}
const latency = summarise(samples);
const indexMb = heapAfter - heapBefore;

console.log(
  `${ARTICLES} articles (${(corpusChars / 1024 / 1024).toFixed(1)} MB of text), ${index.termCount} index terms`,
);
console.log(
  table(
    ['figure', 'value'],
    [
      ['index build', `${ms(buildMs)} ms`],
      ['search p50', `${ms(latency.p50)} ms`],
      ['search p99', `${ms(latency.p99)} ms`],
      ['search max', `${ms(latency.max)} ms`],
      ['queries with hits', `${hits}/${QUERIES}`],
      ['heap at start', `${heapAtStart.toFixed(1)} MB`],
      ['heap before build (articles loaded)', `${heapBefore.toFixed(1)} MB`],
      ['heap after build', `${heapAfter.toFixed(1)} MB`],
      ['heap of the index structures', `${indexMb.toFixed(1)} MB`],
      ['heap of articles + index', `${(heapAfter - heapAtStart).toFixed(1)} MB`],
      ['process RSS', `${rssMb.toFixed(1)} MB`],
    ],
  ),
);

const verdicts: Verdict[] = [
  {
    label: 'kb search: p50 (5,000 articles)',
    value: `${ms(latency.p50)} ms`,
    target: '< 10 ms',
    met: latency.p50 < 10,
  },
  {
    label: 'kb search: p99 (5,000 articles)',
    value: `${ms(latency.p99)} ms`,
    target: '< 50 ms',
    met: latency.p99 < 50,
  },
  { label: 'kb search: index build', value: `${ms(buildMs)} ms`, target: '< 5000 ms', met: buildMs < 5_000 },
  {
    label: 'kb search: heap of articles + index',
    value: `${(heapAfter - heapAtStart).toFixed(1)} MB`,
    target: '< 256 MB (fits a 1,024 MB function)',
    met: heapAfter - heapAtStart < 256,
  },
  {
    label: 'kb search: process RSS',
    value: `${rssMb.toFixed(1)} MB`,
    target: '< 1024 MB',
    met: rssMb < 1024,
  },
];
writeVerdicts('kb-search', verdicts);
