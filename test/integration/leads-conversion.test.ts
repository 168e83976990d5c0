import { describe, expect, it } from 'vitest';
import { invoke } from '../support/invoke.ts';

const unique = () => Math.random().toString(36).slice(2, 8);

describe('lead conversion', () => {
  it('creates contact, account and opportunity in one go, and answers a second conversion with the first result', async () => {
    const domain = `hoffmann-soehne-${unique()}.de`;
    const lead = await invoke('POST', '/v1/leads', {
      body: {
        email: `k.hoffmann@${domain}`,
        firstName: 'Klaus',
        lastName: 'Hoffmann',
        company: 'Hoffmann & Söhne KG',
        budget: { amount: '25000.00', currency: 'EUR' },
      },
      role: 'sales',
    });
    expect(lead.status).toBe(201);

    const first = await invoke('POST', `/v1/leads/${lead.json.id}/convert`, { role: 'sales' });
    expect(first.status).toBe(200);
    expect(first.json.created).toEqual({ contact: true, account: true });
    expect(first.json.lead).toMatchObject({ status: 'converted', contactId: first.json.contact.id });
    expect(first.json.account).toMatchObject({ name: 'Hoffmann & Söhne KG', domain });
    expect(first.json.contact).toMatchObject({
      lifecycleStage: 'opportunity',
      accountId: first.json.account.id,
    });
    expect(first.json.opportunity).toMatchObject({
      stage: 'qualification',
      leadId: lead.json.id,
      amount: { amount: '25000.00', currency: 'EUR' },
    });

    const again = await invoke('POST', `/v1/leads/${lead.json.id}/convert`, { body: {}, role: 'sales' });
    expect(again.json.opportunity.id).toBe(first.json.opportunity.id);
    expect(again.json.contact.id).toBe(first.json.contact.id);

    const view = await invoke('GET', `/v1/contacts/${first.json.contact.id}/360`);
    expect(view.json.leads.map((l: { id: string }) => l.id)).toEqual([lead.json.id]);
    expect(view.json.opportunities.map((o: { id: string }) => o.id)).toEqual([first.json.opportunity.id]);
    expect(view.json.account.id).toBe(first.json.account.id);
  });

  it('matches an existing contact and account instead of creating second ones', async () => {
    const domain = `northwind-${unique()}.example`;
    const account = await invoke('POST', '/v1/accounts', { body: { name: 'Northwind Traders Ltd', domain } });
    const contact = await invoke('POST', '/v1/contacts', {
      body: {
        firstName: 'Emily',
        lastName: 'Clarke',
        email: `emily@${domain}`,
        language: 'en',
        lifecycleStage: 'subscriber',
      },
    });
    const lead = await invoke('POST', '/v1/leads', {
      body: { email: `Emily@${domain}`, company: 'Northwind' },
    });

    const conversion = await invoke('POST', `/v1/leads/${lead.json.id}/convert`, {
      body: { opportunityName: 'Northwind – Rollout', expectedCloseDate: '2027-03-31' },
    });
    expect(conversion.status).toBe(200);
    expect(conversion.json.created).toEqual({ contact: false, account: false });
    expect(conversion.json.contact.id).toBe(contact.json.id);
    expect(conversion.json.contact).toMatchObject({
      lifecycleStage: 'opportunity',
      accountId: account.json.id,
      language: 'en',
    });
    expect(conversion.json.opportunity).toMatchObject({
      name: 'Northwind – Rollout',
      accountId: account.json.id,
    });
  });

  it('converts once when conversions race, and refuses analysts and disqualified leads', async () => {
    const lead = await invoke('POST', '/v1/leads', {
      body: { email: `race.${unique()}@example.org`, lastName: 'Race' },
    });
    const answers = await Promise.all(
      [1, 2, 3].map(() => invoke('POST', `/v1/leads/${lead.json.id}/convert`)),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((answer) => answer.json.opportunity.id)).size).toBe(1);
    const opportunities = await invoke('GET', `/v1/opportunities?contactId=${answers[0]?.json.contact.id}`);
    expect(opportunities.json.items).toHaveLength(1);

    expect((await invoke('POST', `/v1/leads/${lead.json.id}/convert`, { role: 'analyst' })).status).toBe(403);
    const other = await invoke('POST', '/v1/leads', { body: { email: `dq.${unique()}@example.org` } });
    await invoke('PATCH', `/v1/leads/${other.json.id}`, { body: { status: 'disqualified' } });
    expect((await invoke('POST', `/v1/leads/${other.json.id}/convert`)).status).toBe(409);
  });
});
