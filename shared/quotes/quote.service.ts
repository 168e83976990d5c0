import * as z from 'zod';
import { accountKey } from '#shared/accounts/account.entity.ts';
import { contactKey } from '#shared/contacts/contact.entity.ts';
import { LANGUAGES, type Language } from '#shared/contacts/contact.schema.ts';
import { opportunityKey } from '#shared/opportunities/opportunity.entity.ts';
import type { Order } from '#shared/orders/order.schema.ts';
import { findOrder, matchesFilter, writePlacedOrder } from '#shared/orders/order.service.ts';
import { nowIso } from '#shared/platform/clock.ts';
import { assertVersion, newRecordMeta, nextRecordMeta, staleVersion } from '#shared/platform/db/record.ts';
import { findRecord, getItem, queryPage } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError, conflict, type FieldError, notFound } from '#shared/platform/errors.ts';
import { idSchema } from '#shared/platform/http/schemas.ts';
import { CURRENCIES, type Currency } from '#shared/platform/money.ts';
import { readSetting } from '#shared/platform/settings.ts';
import { readProduct } from '#shared/products/product.service.ts';
import {
  nextQuoteSequence,
  quoteFromItem,
  quoteItem,
  quoteKey,
  quoteListQuery,
  quoteVersionFromItem,
  quoteVersionItem,
  quoteVersionKey,
  quoteVersionsQuery,
} from './quote.entity.ts';
import { quoteAccepted, quoteApproved, quoteRejected, quoteSubmitted } from './quote.events.ts';
import {
  type CreateQuoteInput,
  EDITABLE_STATUSES,
  type ListQuotesQuery,
  type Quote,
  type QuoteLine,
  type QuoteLineInput,
  type QuoteVersion,
  type UpdateQuoteInput,
} from './quote.schema.ts';
import { quoteApprovalSetting } from './quote.settings.ts';
import { renderQuoteDocument } from './quote-document.ts';
import { needsApproval, priceQuote } from './quote-pricing.ts';

/** How long an offer stands when the caller names no date. */
const DEFAULT_VALIDITY_DAYS = 30;

/** What a quote takes from its opportunity (another feature's record): read leniently, by field. */
const opportunityRef = z.object({
  contactId: idSchema.nullish().catch(null),
  accountId: idSchema.nullish().catch(null),
  ownerId: z.string().min(1).nullish().catch(null),
  amount: z
    .object({ currency: z.enum(CURRENCIES) })
    .nullish()
    .catch(null),
});

const unprocessable = (detail: string, errors?: FieldError[]) =>
  new AppError('unprocessable', detail, errors ? { errors } : {});

const today = (): string => nowIso().slice(0, 10);

const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Resolves lines against the price list and prices them: the product's name, and its price and
 * tax rate unless the line names its own. Unknown and discontinued SKUs are refused, unavailable
 * products too unless `allowUnavailable`; every problem is reported with its line.
 */
const priceLines = async (
  inputs: readonly QuoteLineInput[],
  currency: Currency,
  allowUnavailable: boolean,
) => {
  const skus = [...new Set(inputs.map((line) => line.sku))];
  const products = new Map(
    await Promise.all(skus.map(async (sku) => [sku, await readProduct(sku)] as const)),
  );
  const errors: FieldError[] = [];
  const lines = inputs.flatMap((line, index) => {
    const path = `lines.${index}`;
    const product = products.get(line.sku);
    if (!product) {
      errors.push({ path: `${path}.sku`, message: `Product ${line.sku} is not on the price list.` });
      return [];
    }
    if (!product.active) {
      errors.push({ path: `${path}.sku`, message: `Product ${line.sku} is discontinued.` });
    } else if (!product.available && !allowUnavailable) {
      errors.push({
        path: `${path}.sku`,
        message: `Product ${line.sku} is not available; set allowUnavailable to quote it anyway.`,
      });
    }
    const unitPrice = line.unitPrice ?? product.price;
    if (unitPrice.currency !== currency) {
      errors.push({
        path: `${path}.unitPrice`,
        message: `The price is in ${unitPrice.currency}, the quote in ${currency}.`,
      });
    }
    return [
      {
        sku: product.sku,
        name: product.name,
        quantity: line.quantity,
        unitPrice,
        discountPercent: line.discountPercent,
        taxPercent: line.taxPercent ?? product.taxPercent,
      },
    ];
  });
  if (errors.length > 0) throw unprocessable('Some lines cannot be quoted.', errors);
  const { lines: priced, figures } = priceQuote(lines, currency);
  const quoteLines: QuoteLine[] = priced;
  return {
    lines: quoteLines,
    net: figures.net,
    tax: figures.tax,
    total: figures.total,
    maxDiscountPercent: figures.maxDiscountPercent,
  };
};

const opportunityMissing = (id: string) => () => unprocessable(`Opportunity ${id} does not exist.`);

export const createQuote = async (input: CreateQuoteInput, uow: UnitOfWork): Promise<Quote> => {
  const opportunityItem = await getItem(opportunityKey(input.opportunityId));
  if (!opportunityItem) throw opportunityMissing(input.opportunityId)();
  const opportunity = opportunityRef.parse(opportunityItem);
  const currency = input.currency ?? opportunity.amount?.currency ?? 'EUR';
  const priced = await priceLines(input.lines, currency, input.allowUnavailable);
  const meta = newRecordMeta();
  const year = Number(meta.createdAt.slice(0, 4));
  const sequence = await nextQuoteSequence(year);
  const quote: Quote = {
    ...meta,
    number: `Q-${year}-${String(sequence).padStart(5, '0')}`,
    opportunityId: input.opportunityId,
    contactId: opportunity.contactId ?? null,
    accountId: opportunity.accountId ?? null,
    ownerId: opportunity.ownerId ?? (uow.actor.type === 'user' ? uow.actor.id : null),
    currency,
    validUntil: input.validUntil ?? addDays(meta.createdAt, DEFAULT_VALIDITY_DAYS),
    notes: input.notes ?? null,
    ...priced,
    status: 'draft',
    revision: 0,
    submittedAt: null,
    decidedBy: null,
    decidedAt: null,
    rejectionReason: null,
    acceptedAt: null,
    orderId: null,
  };
  uow.create(quoteItem(quote), () => conflict('Id collision; retry.'));
  uow.requireExists(opportunityKey(input.opportunityId), opportunityMissing(input.opportunityId));
  return quote;
};

export const findQuote = (id: string): Promise<Quote> => findRecord(quoteKey(id), quoteFromItem, 'Quote', id);

export const listQuotes = async (
  query: ListQuotesQuery,
): Promise<{ items: Quote[]; nextCursor: string | null }> => {
  const spec = quoteListQuery(query);
  const page = await queryPage(spec);
  return {
    items: page.items.filter(matchesFilter(spec.filter)).map(quoteFromItem),
    nextCursor: page.nextCursor,
  };
};

const requireEditable = (quote: Quote, action: string): void => {
  if (!EDITABLE_STATUSES.includes(quote.status)) {
    throw conflict(
      `Quote ${quote.number} is ${quote.status}; only a draft or rejected quote can be ${action}. Its submitted versions stay as they are.`,
    );
  }
};

const requireStatus = (quote: Quote, status: Quote['status'], action: string): void => {
  if (quote.status !== status) {
    throw conflict(`Quote ${quote.number} is ${quote.status}; only a ${status} quote can be ${action}.`);
  }
};

const writeQuote = (uow: UnitOfWork, next: Quote, current: Quote): void => {
  uow.replace(quoteItem(next), current.version, staleVersion('quote', current.version));
};

/** Changes lines, validity or notes of a draft (or of a rejected quote, which becomes a draft again). */
export const updateQuote = async (
  id: string,
  patch: UpdateQuoteInput,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<Quote> => {
  const current = await findQuote(id);
  assertVersion(current, ifMatch);
  requireEditable(current, 'changed');
  const priced = patch.lines ? await priceLines(patch.lines, current.currency, patch.allowUnavailable) : {};
  const next: Quote = {
    ...current,
    ...priced,
    ...(patch.validUntil === undefined ? {} : { validUntil: patch.validUntil }),
    ...(patch.notes === undefined ? {} : { notes: patch.notes }),
    status: 'draft',
  };
  if (JSON.stringify(next) === JSON.stringify(current)) return current;
  const written = { ...next, ...nextRecordMeta(current) };
  writeQuote(uow, written, current);
  return written;
};

const figuresOf = (quote: Quote) => ({
  opportunityId: quote.opportunityId,
  revision: quote.revision,
  net: quote.net,
  total: quote.total,
  maxDiscountPercent: quote.maxDiscountPercent,
});

/**
 * Freezes the quote as a new immutable version and asks for approval when the highest line
 * discount exceeds the `quote-approval` threshold; otherwise the quote is approved at once.
 */
export const submitQuote = async (
  id: string,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<Quote> => {
  const current = await findQuote(id);
  assertVersion(current, ifMatch);
  requireEditable(current, 'submitted');
  if (current.lines.length === 0) throw unprocessable('A quote needs at least one line to be submitted.');
  if (current.validUntil < today()) {
    throw unprocessable(`The quote is valid until ${current.validUntil}, which has passed; set a new date.`);
  }
  const { maxDiscountWithoutApproval } = await readSetting(quoteApprovalSetting);
  const approvalRequired = needsApproval(current.maxDiscountPercent, maxDiscountWithoutApproval);
  const meta = nextRecordMeta(current);
  const revision = current.revision + 1;
  const next: Quote = {
    ...current,
    ...meta,
    revision,
    status: approvalRequired ? 'pending_approval' : 'approved',
    submittedAt: meta.updatedAt,
    // An automatic approval has no decider.
    decidedBy: null,
    decidedAt: approvalRequired ? null : meta.updatedAt,
    rejectionReason: null,
  };
  const version: QuoteVersion = {
    quoteId: id,
    number: current.number,
    revision,
    opportunityId: current.opportunityId,
    contactId: current.contactId,
    accountId: current.accountId,
    currency: current.currency,
    validUntil: current.validUntil,
    notes: current.notes,
    lines: current.lines,
    net: current.net,
    tax: current.tax,
    total: current.total,
    maxDiscountPercent: current.maxDiscountPercent,
    submittedAt: meta.updatedAt,
    submittedBy: uow.actor.id,
  };
  writeQuote(uow, next, current);
  uow.create(quoteVersionItem(version), () =>
    conflict(`Version ${revision} already exists; reload the quote.`),
  );
  uow.emit(quoteSubmitted, id, {
    ...figuresOf(next),
    tax: next.tax,
    lineCount: next.lines.length,
    approvalRequired,
    status: next.status,
  });
  if (!approvalRequired) uow.emit(quoteApproved, id, { ...figuresOf(next), automatic: true });
  return next;
};

/** A manager's decision on a quote waiting for approval. */
export const decideQuote = async (
  id: string,
  decision: { approve: true } | { approve: false; reason: string },
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<Quote> => {
  const current = await findQuote(id);
  assertVersion(current, ifMatch);
  requireStatus(current, 'pending_approval', decision.approve ? 'approved' : 'rejected');
  const meta = nextRecordMeta(current);
  const next: Quote = {
    ...current,
    ...meta,
    status: decision.approve ? 'approved' : 'rejected',
    decidedBy: uow.actor.id,
    decidedAt: meta.updatedAt,
    rejectionReason: decision.approve ? null : decision.reason,
  };
  writeQuote(uow, next, current);
  if (decision.approve) uow.emit(quoteApproved, id, { ...figuresOf(next), automatic: false });
  else uow.emit(quoteRejected, id, figuresOf(next));
  return next;
};

/**
 * The customer accepted: the order is created from the accepted (latest submitted) version in the
 * same transaction that marks the quote accepted, with `quote.accepted` and `order.placed`.
 * Accepting an accepted quote again answers its order; it never creates a second one.
 */
export const acceptQuote = async (
  id: string,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<{ quote: Quote; order: Order }> => {
  const current = await findQuote(id);
  if (current.status === 'accepted' && current.orderId) {
    return { quote: current, order: await findOrder(current.orderId) };
  }
  assertVersion(current, ifMatch);
  requireStatus(current, 'approved', 'accepted');
  if (current.validUntil < today()) {
    throw unprocessable(`The offer expired on ${current.validUntil}; revise and resubmit the quote.`);
  }
  const versionItem = await getItem(quoteVersionKey(id, current.revision));
  if (!versionItem) throw conflict(`Version ${current.revision} of quote ${current.number} is missing.`);
  const version = quoteVersionFromItem(versionItem);
  const orderMeta = newRecordMeta();
  const order: Order = {
    ...orderMeta,
    quoteId: id,
    quoteVersion: version.revision,
    opportunityId: version.opportunityId,
    contactId: version.contactId,
    accountId: version.accountId,
    ownerId: current.ownerId,
    status: 'placed',
    currency: version.currency,
    lines: version.lines,
    net: version.net,
    tax: version.tax,
    total: version.total,
    erpId: null,
    invoice: null,
    placedAt: orderMeta.createdAt,
    syncedAt: null,
    invoicedAt: null,
  };
  const next: Quote = {
    ...current,
    ...nextRecordMeta(current),
    status: 'accepted',
    acceptedAt: orderMeta.createdAt,
    orderId: order.id,
  };
  uow.replace(quoteItem(next), current.version, (stored) =>
    stored?.status === 'accepted'
      ? conflict(
          `Quote ${current.number} was accepted at the same moment; its order is ${String(stored.orderId)}.`,
        )
      : staleVersion('quote', current.version)(stored),
  );
  uow.emit(quoteAccepted, id, { ...figuresOf(next), tax: next.tax, orderId: order.id });
  writePlacedOrder(uow, order);
  return { quote: next, order };
};

export const listQuoteVersions = async (id: string): Promise<{ items: QuoteVersion[] }> => {
  await findQuote(id);
  const page = await queryPage(quoteVersionsQuery(id));
  return { items: page.items.map(quoteVersionFromItem) };
};

export const findQuoteVersion = async (id: string, revision: number): Promise<QuoteVersion> => {
  const item = await getItem(quoteVersionKey(id, revision));
  if (!item) throw notFound('Quote version', `${id}/${revision}`);
  return quoteVersionFromItem(item);
};

const contactRef = z.object({
  firstName: z.string().catch(''),
  lastName: z.string().catch(''),
  language: z.enum(LANGUAGES).catch('de'),
});

/**
 * The printable quote: in the contact's language unless `language` overrides it (German when the
 * quote has no contact), addressed to the contact and the account.
 */
export const quoteDocument = async (id: string, language: Language | undefined): Promise<string> => {
  const quote = await findQuote(id);
  const [contactItem, accountItem] = await Promise.all([
    quote.contactId ? getItem(contactKey(quote.contactId)) : undefined,
    quote.accountId ? getItem(accountKey(quote.accountId)) : undefined,
  ]);
  const contact = contactItem ? contactRef.parse(contactItem) : undefined;
  const name = contact ? `${contact.firstName} ${contact.lastName}`.trim() : '';
  const company = typeof accountItem?.name === 'string' ? accountItem.name : null;
  return renderQuoteDocument(quote, language ?? contact?.language ?? 'de', { name: name || null, company });
};
