import { describe, expect, it } from 'vitest';
import { detectIntent, detectLanguage, emailIn, orderNumberIn } from '#shared/chat/chat-intents.ts';
import { KbSearchIndex } from '#shared/kb/kb-search-index.ts';
import { analyze, CompoundSplitter, stem } from '#shared/kb/kb-text.ts';

describe('knowledge base text analysis', () => {
  it('folds umlauts and stems plurals alike', () => {
    expect(analyze('Rücksendungen')).toEqual(analyze('ruecksendung'));
    expect(stem('anleitungen')).toBe(stem('anleitung'));
  });

  it('splits compounds on known parts, without linking elements', () => {
    const splitter = new CompoundSplitter();
    expect(splitter.split('installationsanleitung')).toEqual(['installation', 'anleitung']);
    expect(splitter.split('ruecksendung')).toEqual(['rueck', 'sendung']);
    expect(splitter.split('rechnung')).toEqual([]);
  });

  it('ranks by BM25F and matches prefixes and compound heads', () => {
    const index = KbSearchIndex.build([
      {
        id: 'a',
        title: 'Rücksendeetikett drucken',
        body: 'Etikett für die Retoure.',
        language: 'de',
        tags: [],
      },
      { id: 'b', title: 'Lieferzeiten', body: 'Die Sendung kommt in drei Tagen.', language: 'de', tags: [] },
    ]);
    expect(index.search('Rücksende', { limit: 5 }).map((hit) => hit.id)).toEqual(['a']);
    expect(index.search('Etikett', { limit: 5 })[0]?.id).toBe('a');
    expect(index.search('Sendung', { limit: 5 })[0]?.snippet).toContain('<mark>Sendung</mark>');
    expect(index.search('Sendung', { language: 'en', limit: 5 })).toEqual([]);
  });
});

describe('chat understanding', () => {
  it('detects language and intent', () => {
    expect(detectLanguage('Where is my order?')).toBe('en');
    expect(detectLanguage('Wie kann ich meine Bestellung verfolgen?')).toBe('de');
    expect(detectLanguage('01J8Z3')).toBeUndefined();
    expect(detectIntent('Wie kann ich meine Bestellung verfolgen?')).toBe('order_status');
    expect(detectIntent('Lieferung')).toBe('order_status');
    expect(detectIntent('I want to talk to a human')).toBe('human');
    expect(detectIntent('Mitarbeiter bitte')).toBe('human');
    expect(detectIntent('agent@beispiel.de')).toBe('question');
    expect(detectIntent('Hallo')).toBe('greeting');
  });

  it('finds the email and the order number in a message', () => {
    expect(emailIn('Meine Adresse: Anna@Beispiel.DE.')).toBe('anna@beispiel.de');
    expect(orderNumberIn('Nr. 01hzy8q9x7m3k2v5t6w8n0p1r4', false)).toBe('01HZY8Q9X7M3K2V5T6W8N0P1R4');
    expect(orderNumberIn('12345', false)).toBeUndefined();
    expect(orderNumberIn('Nummer 12345', true)).toBe('12345');
    expect(orderNumberIn('anna1@beispiel.de', true)).toBeUndefined();
  });
});
