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

describe('marketing seed data', () => {
  it('matches the template, segment, campaign and sequence schemas', async () => {
    const { createTemplateBody } = await import('#shared/templates/template.schema.ts');
    const { validateTemplateVariants } = await import('#shared/templates/template-validate.ts');
    const { createSegmentBody } = await import('#shared/segments/segment.schema.ts');
    const { createCampaignBody } = await import('#shared/campaigns/campaign.schema.ts');
    const { createSequenceBody } = await import('#shared/sequences/sequence.schema.ts');
    const { SEED_CAMPAIGN, SEED_NURTURE, SEED_SEGMENT, SEED_TEMPLATES } = await import(
      '#local/seed/seed-marketing-data.ts'
    );
    for (const template of SEED_TEMPLATES) {
      expect(createTemplateBody.safeParse(template).error?.issues ?? [], template.name).toEqual([]);
      expect(validateTemplateVariants('marketing', template.variants), template.name).toEqual([]);
    }
    expect(createSegmentBody.safeParse(SEED_SEGMENT).error?.issues ?? []).toEqual([]);
    const { template, ...campaign } = SEED_CAMPAIGN;
    expect(SEED_TEMPLATES.map((seeded) => seeded.name)).toContain(template);
    expect(
      createCampaignBody.safeParse({ ...campaign, segmentId: ULID, templateId: ULID }).error?.issues ?? [],
    ).toEqual([]);
    const { mails, waits, ...sequence } = SEED_NURTURE;
    const mail = { type: 'mail', templateId: ULID, purpose: 'marketing' };
    const steps = [mail, { type: 'wait', days: waits[0] }, mail, { type: 'wait', days: waits[1] }, mail];
    expect(mails.every((name) => SEED_TEMPLATES.some((seeded) => seeded.name === name))).toBe(true);
    expect(createSequenceBody.safeParse({ ...sequence, steps }).error?.issues ?? []).toEqual([]);
  });
});
