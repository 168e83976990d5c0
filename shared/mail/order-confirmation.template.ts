import type { Language } from '#shared/contacts/contact.schema.ts';
import type { Order } from '#shared/orders/order.schema.ts';
import type { Money } from '#shared/platform/money.ts';

export type MailLanguage = Language;

export type OrderConfirmationInput = {
  language: MailLanguage;
  recipient: { firstName: string; lastName: string };
  order: Pick<Order, 'id' | 'placedAt' | 'lines' | 'net' | 'tax' | 'total'>;
};

export type RenderedMail = { subject: string; html: string; text: string };

const TEXT = {
  de: {
    subject: (number: string) => `Ihre Bestellung ${number}`,
    greeting: (name: { firstName: string; lastName: string }) =>
      `Guten Tag ${name.firstName} ${name.lastName},`,
    intro: 'vielen Dank für Ihre Bestellung. Wir haben sie erhalten und bearbeiten sie jetzt.',
    orderNumber: 'Bestellnummer',
    date: 'Bestelldatum',
    item: 'Artikel',
    quantity: 'Menge',
    unitPrice: 'Einzelpreis',
    discount: 'Rabatt',
    lineTotal: 'Summe',
    net: 'Nettobetrag',
    tax: 'Umsatzsteuer',
    total: 'Gesamtbetrag',
    closing: 'Mit freundlichen Grüßen\nIhr Front-Office-Team',
    locale: 'de-DE',
  },
  en: {
    subject: (number: string) => `Your order ${number}`,
    greeting: (name: { firstName: string; lastName: string }) => `Dear ${name.firstName} ${name.lastName},`,
    intro: 'thank you for your order. We have received it and are processing it now.',
    orderNumber: 'Order number',
    date: 'Order date',
    item: 'Item',
    quantity: 'Quantity',
    unitPrice: 'Unit price',
    discount: 'Discount',
    lineTotal: 'Total',
    net: 'Net amount',
    tax: 'VAT',
    total: 'Total amount',
    closing: 'Kind regards\nYour Front Office team',
    locale: 'en-GB',
  },
} as const;

const escapeHtml = (value: string): string =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

// Intl formats decimal strings exactly (no float round trip), as the amounts are stored.
type DecimalFormat = { format: (value: string) => string };
const formatMoney = (money: Money, locale: string): string =>
  (
    new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }) as unknown as DecimalFormat
  ).format(money.amount);
const formatNumber = (value: string, locale: string): string =>
  (new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }) as unknown as DecimalFormat).format(value);
const formatDate = (iso: string, locale: string): string =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(new Date(iso));

/** The number customers see: the order's id (a ULID, what the API and the ERP know it by). */
export const orderNumberOf = (order: Pick<Order, 'id'>): string => order.id;

/** The order confirmation in the contact's language: subject with the order number, HTML and text parts. */
export const renderOrderConfirmation = (input: OrderConfirmationInput): RenderedMail => {
  const t = TEXT[input.language];
  const { order } = input;
  const number = orderNumberOf(order);
  const lines = order.lines.map((line) => ({
    name: line.name,
    sku: line.sku,
    quantity: formatNumber(line.quantity, t.locale),
    unitPrice: formatMoney(line.unitPrice, t.locale),
    discount: line.discountPercent === '0' ? '' : `${formatNumber(line.discountPercent, t.locale)} %`,
    total: formatMoney(line.net, t.locale),
  }));
  const totals = [
    [t.net, formatMoney(order.net, t.locale)],
    [t.tax, formatMoney(order.tax, t.locale)],
    [t.total, formatMoney(order.total, t.locale)],
  ] as const;

  const text = [
    t.greeting(input.recipient),
    '',
    t.intro,
    '',
    `${t.orderNumber}: ${number}`,
    `${t.date}: ${formatDate(order.placedAt, t.locale)}`,
    '',
    ...lines.map(
      (line) =>
        `- ${line.quantity} × ${line.name} (${line.sku}) à ${line.unitPrice}${line.discount ? `, ${t.discount} ${line.discount}` : ''}: ${line.total}`,
    ),
    '',
    ...totals.map(([label, value]) => `${label}: ${value}`),
    '',
    t.closing,
  ].join('\n');

  const cell = (value: string, align = 'left') =>
    `<td style="padding:4px 8px;text-align:${align}">${escapeHtml(value)}</td>`;
  const html = [
    `<!doctype html><html lang="${input.language}"><head><meta charset="utf-8"><title>${escapeHtml(t.subject(number))}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;color:#222">',
    `<p>${escapeHtml(t.greeting(input.recipient))}</p>`,
    `<p>${escapeHtml(t.intro)}</p>`,
    `<p><strong>${escapeHtml(t.orderNumber)}:</strong> ${escapeHtml(number)}<br><strong>${escapeHtml(t.date)}:</strong> ${escapeHtml(formatDate(order.placedAt, t.locale))}</p>`,
    '<table style="border-collapse:collapse">',
    `<tr>${[t.item, t.quantity, t.unitPrice, t.discount, t.lineTotal].map((h) => `<th style="padding:4px 8px;text-align:left">${escapeHtml(h)}</th>`).join('')}</tr>`,
    ...lines.map(
      (line) =>
        `<tr>${cell(`${line.name} (${line.sku})`)}${cell(line.quantity, 'right')}${cell(line.unitPrice, 'right')}${cell(line.discount, 'right')}${cell(line.total, 'right')}</tr>`,
    ),
    ...totals.map(
      ([label, value]) =>
        `<tr><td colspan="4" style="padding:4px 8px;text-align:right"><strong>${escapeHtml(label)}</strong></td>${cell(value, 'right')}</tr>`,
    ),
    '</table>',
    `<p>${escapeHtml(t.closing).replace('\n', '<br>')}</p>`,
    '</body></html>',
  ].join('\n');

  return { subject: t.subject(number), html, text };
};
