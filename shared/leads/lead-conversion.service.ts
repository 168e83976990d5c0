import type { Account } from '#shared/accounts/account.schema.ts';
import { createAccount, findAccount, listAccounts } from '#shared/accounts/account.service.ts';
import { contactEmailKey } from '#shared/contacts/contact.entity.ts';
import { type Contact, LIFECYCLE_STAGES } from '#shared/contacts/contact.schema.ts';
import { createContact, findContact, updateContact } from '#shared/contacts/contact.service.ts';
import { createOpportunity, findOpportunity } from '#shared/opportunities/opportunity.service.ts';
import { clock } from '#shared/platform/clock.ts';
import { getItem } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError, conflict } from '#shared/platform/errors.ts';
import { companyDomainOf } from './lead.enrichment.ts';
import { leadConverted } from './lead.events.ts';
import type { Lead } from './lead.schema.ts';
import { findLead, markLeadConverted } from './lead.service.ts';
import type { Conversion, ConvertLeadInput } from './lead-conversion.schema.ts';

const DAYS_TO_CLOSE = 90;

/** The records a converted lead points to: converting again answers with them. */
const previousConversion = async (lead: Lead): Promise<Conversion> => {
  if (!lead.contactId || !lead.opportunityId)
    throw conflict('The lead was converted without links; convert it by hand.');
  const [contact, account, opportunity] = await Promise.all([
    findContact(lead.contactId),
    lead.accountId ? findAccount(lead.accountId) : Promise.resolve(null),
    findOpportunity(lead.opportunityId),
  ]);
  return { lead, contact, account, opportunity, created: { contact: false, account: false } };
};

/** The contact with the lead's email, read through the email claim (consistent, unlike the index). */
const contactWithEmail = async (lead: Lead): Promise<Contact | undefined> => {
  if (lead.contactId) return findContact(lead.contactId);
  const claim = await getItem(contactEmailKey(lead.email));
  return claim ? findContact(String(claim.contactId)) : undefined;
};

/** The lead's company: linked, or found by the email's company domain; undefined when unknown. */
const accountOfLead = async (lead: Lead, contact: Contact | undefined): Promise<Account | undefined> => {
  const accountId = lead.accountId ?? contact?.accountId;
  if (accountId) return findAccount(accountId);
  const domain = companyDomainOf(lead.email);
  if (!domain) return undefined;
  const byDomain = await listAccounts({ domain, limit: 1, cursor: undefined });
  return byDomain.items[0];
};

const isBefore = (stage: Contact['lifecycleStage'], other: Contact['lifecycleStage']): boolean =>
  LIFECYCLE_STAGES.indexOf(stage) < LIFECYCLE_STAGES.indexOf(other);

const daysFromNow = (days: number): string =>
  new Date(clock.now().getTime() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);

/**
 * Converts a lead: matches or creates the contact (by email) and the account (linked, or by the
 * email's company domain, or from the company name), creates the opportunity and marks the lead
 * converted — one transaction. A converted lead answers with what its first conversion made.
 */
export const convertLead = async (
  id: string,
  input: ConvertLeadInput,
  uow: UnitOfWork,
): Promise<Conversion> => {
  const lead = await findLead(id);
  if (lead.status === 'converted') return previousConversion(lead);
  if (lead.status === 'disqualified') {
    throw conflict('A disqualified lead is not converted; set its status to working first.');
  }

  const existingContact = await contactWithEmail(lead);
  const existingAccount = await accountOfLead(lead, existingContact);
  const account =
    existingAccount ??
    (lead.company
      ? await createAccount(
          { name: lead.company, domain: companyDomainOf(lead.email) ?? null, ownerId: lead.ownerId ?? null },
          uow,
        )
      : undefined);

  let contact: Contact;
  if (existingContact) {
    const patch = {
      ...(isBefore(existingContact.lifecycleStage, 'opportunity')
        ? { lifecycleStage: 'opportunity' as const }
        : {}),
      ...(!existingContact.accountId && account ? { accountId: account.id } : {}),
    };
    contact = Object.keys(patch).length
      ? await updateContact(existingContact.id, patch, undefined, uow)
      : existingContact;
  } else {
    contact = await createContact(
      {
        firstName: lead.firstName || lead.email.split('@')[0] || lead.email,
        lastName: lead.lastName || '–',
        email: lead.email,
        ...(lead.phone ? { phone: lead.phone } : {}),
        accountId: account?.id ?? null,
        ownerId: lead.ownerId ?? null,
        lifecycleStage: 'opportunity',
        language: 'de',
        interests: [],
      },
      uow,
    );
  }

  const opportunity = await createOpportunity(
    {
      name:
        input.opportunityName ??
        `${lead.company ?? `${contact.firstName} ${contact.lastName}`} – ${lead.source}`,
      accountId: account?.id,
      contactId: contact.id,
      leadId: lead.id,
      amount: input.amount ?? lead.budget ?? { amount: '0.00', currency: 'EUR' },
      expectedCloseDate: input.expectedCloseDate ?? daysFromNow(DAYS_TO_CLOSE),
      ...(lead.ownerId ? { ownerId: lead.ownerId } : {}),
      stage: 'qualification',
    },
    uow,
  );

  // A concurrent conversion wins the lead's version: this attempt is retried and then answers
  // with the first conversion's records.
  const converted = markLeadConverted(
    uow,
    lead,
    { contactId: contact.id, accountId: account?.id ?? null, opportunityId: opportunity.id },
    () => new AppError('conflict', 'The lead changed meanwhile; retry.', { headers: { 'retry-after': '0' } }),
  );
  uow.emit(leadConverted, lead.id, {
    contactId: contact.id,
    accountId: account?.id ?? null,
    opportunityId: opportunity.id,
    contactCreated: !existingContact,
    accountCreated: Boolean(account && !existingAccount),
    ownerId: lead.ownerId ?? null,
  });
  return {
    lead: converted,
    contact,
    account: account ?? null,
    opportunity,
    created: { contact: !existingContact, account: Boolean(account && !existingAccount) },
  };
};
