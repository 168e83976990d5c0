import { describe, expect, it } from 'vitest';
import { SEED_ACCOUNTS, SEED_ACTIVITIES, SEED_CONTACTS } from '#local/seed/seed-data.ts';
import { createAccountBody } from '#shared/accounts/account.schema.ts';
import { createActivityBody } from '#shared/activities/activity.schema.ts';
import { createContactBody, setConsentBody } from '#shared/contacts/contact.schema.ts';

// The seed goes through the real API; a record the schemas refuse would only show at `seed` time.
const ULID = '01HZZZZZZZZZZZZZZZZZZZZZZZ';

describe('seed data', () => {
  it('is a realistic size with German and English records', () => {
    expect(SEED_ACCOUNTS).toHaveLength(20);
    expect(SEED_CONTACTS).toHaveLength(80);
    expect(SEED_ACTIVITIES.length).toBeGreaterThanOrEqual(40);
    const names = SEED_CONTACTS.map((contact) => `${contact.firstName} ${contact.lastName}`);
    expect(names).toEqual(expect.arrayContaining(['Jürgen Weiß', 'Sophie Schäfer', 'Emily Clarke']));
    expect(SEED_ACCOUNTS.map((account) => account.name)).toEqual(
      expect.arrayContaining(['Müller Maschinenbau GmbH', 'Hoffmann & Söhne KG', 'Northwind Traders Ltd']),
    );
    expect(new Set(SEED_CONTACTS.map((contact) => contact.language))).toEqual(new Set(['de', 'en']));
    expect(new Set(SEED_CONTACTS.map((contact) => contact.lifecycleStage)).size).toBe(7);
    expect(new Set(SEED_ACTIVITIES.map((activity) => activity.type)).size).toBe(5);
  });

  it('has unique emails and domains, so re-seeding finds what exists', () => {
    expect(new Set(SEED_CONTACTS.map((contact) => contact.email)).size).toBe(SEED_CONTACTS.length);
    expect(new Set(SEED_ACCOUNTS.map((account) => account.domain)).size).toBe(SEED_ACCOUNTS.length);
  });

  it('passes the API schemas', () => {
    for (const { key: _key, language: _language, ...account } of SEED_ACCOUNTS) {
      expect(createAccountBody.safeParse(account).error, account.name).toBeUndefined();
    }
    for (const { key: _key, accountKey: _accountKey, consents, ...contact } of SEED_CONTACTS) {
      expect(
        createContactBody.safeParse({ ...contact, accountId: ULID }).error,
        contact.email,
      ).toBeUndefined();
      for (const { channel: _channel, ...consent } of consents) {
        expect(setConsentBody.safeParse(consent).error).toBeUndefined();
      }
    }
    for (const activity of SEED_ACTIVITIES) {
      const body = {
        type: activity.type,
        subject: activity.subject,
        body: activity.body,
        contactId: ULID,
        accountId: ULID,
        ownerId: activity.ownerId,
        dueAt: new Date().toISOString(),
      };
      expect(createActivityBody.safeParse(body).error, activity.subject).toBeUndefined();
    }
  });
});

describe('sales seed data', () => {
  it('matches the lead, product and opportunity schemas', async () => {
    const { createLeadBody } = await import('#shared/leads/lead.schema.ts');
    const { SEED_LEADS, SEED_OPPORTUNITIES, SEED_PRODUCTS } = await import('#local/seed/seed-sales-data.ts');
    for (const { behaviour: _behaviour, ...lead } of SEED_LEADS) {
      expect(createLeadBody.safeParse(lead).error?.issues ?? [], lead.email).toEqual([]);
    }
    expect(new Set(SEED_PRODUCTS.map((product) => product.sku)).size).toBe(SEED_PRODUCTS.length);
    expect(SEED_OPPORTUNITIES.length).toBeGreaterThanOrEqual(6);
    for (const opportunity of SEED_OPPORTUNITIES) {
      expect(opportunity.stage === 'closed_lost' ? opportunity.lostReason : 'none').toBeTruthy();
    }
  });
});
