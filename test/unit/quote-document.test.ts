import { describe, expect, it } from 'vitest';
import { escapeHtml } from '#shared/platform/html.ts';
import type { Quote } from '#shared/quotes/quote.schema.ts';
import { renderQuoteDocument } from '#shared/quotes/quote-document.ts';
import { priceQuote } from '#shared/quotes/quote-pricing.ts';

const eur = (amount: string) => ({ amount, currency: 'EUR' as const });

const quote = (overrides: Partial<Quote> = {}): Quote => {
  const { lines, figures } = priceQuote(
    [
      {
        sku: 'WID-1',
        name: 'Widget <script>alert(1)</script>',
        quantity: '3',
        unitPrice: eur('19.99'),
        discountPercent: '7',
        taxPercent: '19',
      },
      {
        sku: 'BOOK-1',
        name: 'Handbuch',
        quantity: '1',
        unitPrice: eur('1234.50'),
        discountPercent: '0',
        taxPercent: '7',
      },
    ],
    'EUR',
  );
  return {
    id: '01JD0000000000000000000000',
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    version: 1,
    number: 'Q-2026-00042',
    opportunityId: '01JD0000000000000000000001',
    contactId: null,
    accountId: null,
    ownerId: null,
    currency: 'EUR',
    validUntil: '2026-12-23',
    notes: 'Wie besprochen & "vereinbart"',
    lines,
    net: figures.net,
    tax: figures.tax,
    total: figures.total,
    maxDiscountPercent: figures.maxDiscountPercent,
    status: 'approved',
    revision: 1,
    submittedAt: '2026-11-23T10:00:00.000Z',
    decidedBy: null,
    decidedAt: null,
    rejectionReason: null,
    acceptedAt: null,
    orderId: null,
    ...overrides,
  };
};

describe('quote document', () => {
  it('prints German amounts, tax per rate, total and validity, and escapes user text', () => {
    const html = renderQuoteDocument(quote(), 'de', { name: 'Jürgen <b>Weiß</b>', company: 'Müller & Co' });
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Angebot Q-2026-00042');
    expect(html).toContain('1.290,27\u00a0€'); // net 55.77 + 1234.50
    expect(html).toContain('10,60\u00a0€'); // 19 % tax
    expect(html).toContain('86,42\u00a0€'); // 7 % tax of 1234.50
    expect(html).toContain('1.387,29\u00a0€'); // total
    expect(html).toContain('gültig bis 23. Dezember 2026');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Jürgen &lt;b&gt;Weiß&lt;/b&gt;');
    expect(html).toContain('Müller &amp; Co');
    expect(html).toContain('&quot;vereinbart&quot;');
    expect(html).not.toContain('nicht verbindlich');
  });

  it('prints English, and marks a quote that is not approved as not binding', () => {
    const html = renderQuoteDocument(quote({ status: 'draft' }), 'en', { name: null, company: null });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('€1,387.29');
    expect(html).toContain('valid until 23 December 2026');
    expect(html).toContain('not binding');
  });

  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});
