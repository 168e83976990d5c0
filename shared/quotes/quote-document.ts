import type { Language } from '#shared/contacts/contact.schema.ts';
import { escapeHtml } from '#shared/platform/html.ts';
import type { Money } from '#shared/platform/money.ts';
import type { Quote } from './quote.schema.ts';
import { sumLines } from './quote-pricing.ts';

/** Who the document is addressed to; read from the contact and account when the quote has them. */
export type QuoteRecipient = { name: string | null; company: string | null };

const TEXT = {
  de: {
    locale: 'de-DE',
    title: 'Angebot',
    number: 'Angebotsnummer',
    date: 'Datum',
    validUntil: 'Gültig bis',
    recipient: 'Für',
    position: 'Pos.',
    sku: 'Artikel-Nr.',
    name: 'Bezeichnung',
    quantity: 'Menge',
    unitPrice: 'Einzelpreis',
    discount: 'Rabatt',
    net: 'Netto',
    taxRate: 'USt.',
    total: 'Gesamt',
    netTotal: 'Summe netto',
    taxOn: (rate: string, net: string) => `zzgl. ${rate} USt. auf ${net}`,
    grandTotal: 'Gesamtbetrag',
    validity: (date: string) => `Dieses Angebot ist gültig bis ${date}.`,
    notBinding: 'Entwurf – noch nicht freigegeben, nicht verbindlich.',
  },
  en: {
    locale: 'en-GB',
    title: 'Quote',
    number: 'Quote number',
    date: 'Date',
    validUntil: 'Valid until',
    recipient: 'For',
    position: 'Item',
    sku: 'SKU',
    name: 'Description',
    quantity: 'Quantity',
    unitPrice: 'Unit price',
    discount: 'Discount',
    net: 'Net',
    taxRate: 'VAT',
    total: 'Total',
    netTotal: 'Net total',
    taxOn: (rate: string, net: string) => `plus ${rate} VAT on ${net}`,
    grandTotal: 'Total amount',
    validity: (date: string) => `This quote is valid until ${date}.`,
    notBinding: 'Draft – not yet approved, not binding.',
  },
} as const;

// Intl formats decimal strings exactly (no detour through floats).
type Decimal = `${number}`;

const formatMoney = (locale: string, value: Money): string =>
  new Intl.NumberFormat(locale, { style: 'currency', currency: value.currency }).format(
    value.amount as Decimal,
  );

const formatDecimal = (locale: string, value: string): string =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(value as Decimal);

const formatPercent = (language: Language, value: string): string =>
  `${formatDecimal(TEXT[language].locale, value)}${language === 'de' ? '\u00a0%' : '%'}`;

const formatDate = (locale: string, isoDate: string): string =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${isoDate.slice(0, 10)}T00:00:00Z`),
  );

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{padding:.3rem .5rem;border-bottom:1px solid #ccc;text-align:left}
td.n,th.n{text-align:right;white-space:nowrap}tfoot td{border:none}.grand td{font-weight:bold;border-top:2px solid #222}
.banner{border:1px solid #c00;color:#c00;padding:.5rem;margin-bottom:1rem}@media print{body{margin:0}}`;

/**
 * The quote as a printable HTML page in German or English: lines, net total, tax per rate, total
 * and validity. Every text that users or the price list wrote is escaped.
 */
export const renderQuoteDocument = (quote: Quote, language: Language, recipient: QuoteRecipient): string => {
  const t = TEXT[language];
  const money = (value: Money) => escapeHtml(formatMoney(t.locale, value));
  const { taxByRate } = sumLines(quote.lines, quote.currency);
  const binding = quote.status === 'approved' || quote.status === 'accepted';
  const rows = quote.lines
    .map(
      (
        line,
        index,
      ) => `<tr><td>${index + 1}</td><td>${escapeHtml(line.sku)}</td><td>${escapeHtml(line.name)}</td>
<td class="n">${escapeHtml(formatDecimal(t.locale, line.quantity))}</td><td class="n">${money(line.unitPrice)}</td>
<td class="n">${escapeHtml(formatPercent(language, line.discountPercent))}</td><td class="n">${money(line.net)}</td>
<td class="n">${escapeHtml(formatPercent(language, line.taxPercent))}</td><td class="n">${money(line.total)}</td></tr>`,
    )
    .join('\n');
  const taxes = taxByRate
    .map(
      (rate) =>
        `<tr><td colspan="8">${escapeHtml(t.taxOn(formatPercent(language, rate.taxPercent), formatMoney(t.locale, rate.net)))}</td><td class="n">${money(rate.tax)}</td></tr>`,
    )
    .join('\n');
  const to = [recipient.name, recipient.company].filter((part): part is string => Boolean(part));
  return `<!DOCTYPE html>
<html lang="${language}">
<head><meta charset="utf-8"><title>${escapeHtml(`${t.title} ${quote.number}`)}</title><style>${STYLE}</style></head>
<body>
${binding ? '' : `<p class="banner">${escapeHtml(t.notBinding)}</p>`}
<h1>${escapeHtml(t.title)} ${escapeHtml(quote.number)}</h1>
<dl>
${to.length > 0 ? `<dt>${escapeHtml(t.recipient)}</dt><dd>${to.map(escapeHtml).join('<br>')}</dd>` : ''}
<dt>${escapeHtml(t.number)}</dt><dd>${escapeHtml(quote.number)}</dd>
<dt>${escapeHtml(t.date)}</dt><dd>${escapeHtml(formatDate(t.locale, quote.submittedAt ?? quote.updatedAt))}</dd>
<dt>${escapeHtml(t.validUntil)}</dt><dd>${escapeHtml(formatDate(t.locale, quote.validUntil))}</dd>
</dl>
${quote.notes ? `<p>${escapeHtml(quote.notes).replace(/\n/g, '<br>')}</p>` : ''}
<table>
<thead><tr><th>${escapeHtml(t.position)}</th><th>${escapeHtml(t.sku)}</th><th>${escapeHtml(t.name)}</th><th class="n">${escapeHtml(t.quantity)}</th>
<th class="n">${escapeHtml(t.unitPrice)}</th><th class="n">${escapeHtml(t.discount)}</th><th class="n">${escapeHtml(t.net)}</th>
<th class="n">${escapeHtml(t.taxRate)}</th><th class="n">${escapeHtml(t.total)}</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot>
<tr><td colspan="8">${escapeHtml(t.netTotal)}</td><td class="n">${money(quote.net)}</td></tr>
${taxes}
<tr class="grand"><td colspan="8">${escapeHtml(t.grandTotal)}</td><td class="n">${money(quote.total)}</td></tr>
</tfoot>
</table>
<p>${escapeHtml(t.validity(formatDate(t.locale, quote.validUntil)))}</p>
</body>
</html>
`;
};
