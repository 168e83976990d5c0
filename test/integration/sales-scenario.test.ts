// The sales path of issue 3 end to end, on the real parts: handlers, DynamoDB Local, the outbox
// poller, the EventBridge/SQS emulation with the one routing table, the ERP simulator and SES local.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEmulator } from '#local/bus/eventbridge-server.ts';
import type { ErpSimulator } from '#local/erp-simulator/erp-simulator.ts';
import type { OutboxPoller } from '#local/outbox-poller.ts';
import type { DomainEvent } from '#shared/platform/events/event.ts';
import { inbox, sesLocal } from '../support/ses-local-env.ts';

// Loaded after SES_ENDPOINT points at this file's aws-ses-v2-local (the platform reads it at import).
const { startBusEmulator } = await import('#local/bus/eventbridge-server.ts');
const { startErpSimulator } = await import('#local/erp-simulator/erp-simulator.ts');
const { createOutboxPoller } = await import('#local/outbox-poller.ts');
const { signErpPayload } = await import('#shared/erp/erp-signature.ts');
const { invoke } = await import('../support/invoke.ts');

const CALLBACK_SECRET = 'scenario-erp-secret-0123456789abcdef';
const ORIGIN = 'https://www.mueller-maschinenbau.de';

let bus: BusEmulator;
let erp: ErpSimulator;
let poller: OutboxPoller;

beforeAll(async () => {
  erp = await startErpSimulator();
  bus = await startBusEmulator({ pumpIntervalMs: 25 });
  Object.assign(process.env, {
    ERP_URL: erp.url,
    ERP_BACKOFF_BASE_MS: '1',
    ERP_CALLBACK_SECRET: CALLBACK_SECRET,
    EVENTBRIDGE_ENDPOINT: bus.endpoint,
    MAIL_FROM: 'vertrieb@frontoffice.example',
  });
  poller = createOutboxPoller({ pollIntervalMs: 25 });
  poller.start();
});

afterAll(async () => {
  await poller.stop();
  await bus.stop();
  await erp.stop();
  await sesLocal.close();
});

const eventually = async <T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
): Promise<T> => {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const published = (name: string, subjectId: string): DomainEvent[] =>
  bus.bus
    .published()
    .map((entry) => entry.detail as DomainEvent)
    .filter((event) => event.name === name && event.subject.id === subjectId);

describe('sales scenario: web form to invoiced order', () => {
  it('walks lead → MQL → assignment → conversion → stages → approved quote → order → ERP once → invoice', async () => {
    const email = `j.weiss.${Date.now()}@mueller-maschinenbau.de`;

    // Configuration an admin sets up: the DACH form's leads go to the DACH team, round-robin.
    const rules = {
      rules: [
        {
          id: 'dach',
          match: { territories: ['DACH'] },
          owners: [{ ownerId: 'rep-anna', capacity: 50 }],
        },
      ],
    };
    expect((await invoke('PUT', '/v1/settings/lead-assignment', { body: { value: rules } })).status).toBe(
      200,
    );
    const account = await invoke('POST', '/v1/accounts', {
      body: { name: 'Müller Maschinenbau GmbH', domain: 'mueller-maschinenbau.de', industry: 'Maschinenbau' },
    });
    const form = await invoke('POST', '/v1/forms', {
      body: { name: 'Whitepaper Industrie 4.0', allowedOrigins: [ORIGIN], territory: 'DACH' },
      role: 'marketing',
    });
    expect(form.status).toBe(201);

    // 1. The web form, submitted twice: one lead, assigned round-robin, enriched with the account.
    const submission = {
      email,
      firstName: 'Jürgen',
      lastName: 'Weiß',
      company: 'Müller Maschinenbau',
    };
    for (let i = 0; i < 2; i++) {
      const answer = await invoke('POST', `/v1/public/forms/${form.json.id}/submissions`, {
        body: submission,
        role: null,
        headers: { origin: ORIGIN },
      });
      expect(answer.status).toBe(202);
    }
    const leads = await invoke('GET', `/v1/leads?email=${encodeURIComponent(email)}`);
    expect(leads.json.items).toHaveLength(1);
    const lead = leads.json.items[0];
    expect(lead).toMatchObject({ ownerId: 'rep-anna', accountId: account.json.id, submissions: 2 });

    // 2. Behaviour: whitepaper and demo request cross the MQL threshold, once.
    for (const type of ['whitepaper_download', 'webinar_attended', 'demo_request', 'page_view']) {
      expect(
        (await invoke('POST', `/v1/leads/${lead.id}/events`, { body: { type }, role: 'marketing' })).status,
      ).toBe(201);
    }
    const qualified = await invoke('GET', `/v1/leads/${lead.id}`);
    expect(qualified.json.status).toBe('mql');
    expect(
      (await invoke('GET', `/v1/leads/${lead.id}/score-history`)).json.items.length,
    ).toBeGreaterThanOrEqual(4);

    // 3. Conversion: contact and opportunity, the known account matched.
    const conversion = await invoke('POST', `/v1/leads/${lead.id}/convert`, {
      body: {
        opportunityName: 'Müller – Retrofit Linie 3',
        amount: { amount: '120000.00', currency: 'EUR' },
      },
      role: 'sales',
      sub: 'rep-anna',
    });
    expect(conversion.status).toBe(200);
    expect(conversion.json.created).toEqual({ contact: true, account: false });
    const contactId = conversion.json.contact.id;
    const opportunityId = conversion.json.opportunity.id;

    // 4. The opportunity moves through the stages.
    for (const stage of ['proposal', 'negotiation']) {
      const moved = await invoke('POST', `/v1/opportunities/${opportunityId}/stage`, {
        body: { stage },
        role: 'sales',
      });
      expect(moved.status).toBe(200);
    }
    expect((await invoke('GET', `/v1/opportunities/${opportunityId}/stage-history`)).json.items).toHaveLength(
      3,
    );

    // 5. A quote with a 25 % discount needs a manager's approval.
    await invoke('PUT', '/v1/products/RETRO-L3', {
      body: {
        name: 'Retrofit-Paket Linie 3',
        price: { amount: '19.99', currency: 'EUR' },
        taxPercent: '19',
        available: true,
      },
    });
    const quote = await invoke('POST', '/v1/quotes', {
      body: { opportunityId, lines: [{ sku: 'RETRO-L3', quantity: '3', discountPercent: '25' }] },
      role: 'sales',
    });
    expect(quote.status).toBe(201);
    const submitted = await invoke('POST', `/v1/quotes/${quote.json.id}/submit`, { role: 'sales' });
    expect(submitted.json.status).toBe('pending_approval');
    expect((await invoke('POST', `/v1/quotes/${quote.json.id}/approve`, { role: 'sales' })).status).toBe(403);
    const approved = await invoke('POST', `/v1/quotes/${quote.json.id}/approve`, { role: 'sales_manager' });
    expect(approved.json.status).toBe('approved');
    // 3 × 19.99 = 59.97, −25 % = 44.9775 → 44.98 net, 19 % tax 8.5462 → 8.55, total 53.53
    expect(approved.json.total).toEqual({ amount: '53.53', currency: 'EUR' });

    // 6. Accepting places the order; the ERP gets it once through the queue; the customer a mail.
    const accepted = await invoke('POST', `/v1/quotes/${quote.json.id}/accept`, { role: 'sales' });
    expect(accepted.status).toBe(200);
    const orderId: string = accepted.json.order?.id ?? accepted.json.orderId;
    expect(orderId).toEqual(expect.any(String));
    const erpOrder = await eventually('the ERP to receive the order', () =>
      erp.orders().find((order) => order.idempotencyKey === orderId),
    );
    const synced = await eventually('order.synced', async () => {
      const order = await invoke('GET', `/v1/orders/${orderId}`);
      return order.json.status === 'synced' ? order.json : undefined;
    });
    expect(synced.erpId).toBe(erpOrder.erpId);
    expect(erp.orders().filter((order) => order.idempotencyKey === orderId)).toHaveLength(1);
    await eventually('the order confirmation', async () =>
      (await inbox()).find((mail) => mail.destination.to.includes(email)),
    );

    // 7. The ERP's signed invoice callback: order.invoiced.
    const callback = JSON.stringify({
      type: 'invoice',
      eventId: `inv-${orderId}`,
      orderId,
      erpId: erpOrder.erpId,
      invoiceNumber: 'RE-2026-0815',
      status: 'invoiced',
      at: new Date().toISOString(),
    });
    const signature = signErpPayload(CALLBACK_SECRET, Math.floor(Date.now() / 1000), callback);
    const forged = await invoke('POST', '/v1/public/erp/callbacks', {
      rawBody: callback,
      role: null,
      headers: { 'x-frontoffice-signature': signature.replace(/v1=[0-9a-f]{4}/, 'v1=0000') },
    });
    expect(forged.status).toBe(401);
    const answered = await invoke('POST', '/v1/public/erp/callbacks', {
      rawBody: callback,
      role: null,
      headers: { 'x-frontoffice-signature': signature },
    });
    expect(answered.status).toBe(200);
    expect((await invoke('GET', `/v1/orders/${orderId}`)).json.status).toBe('invoiced');
    await eventually('order.invoiced on the bus', () => published('order.invoiced', orderId)[0]);
    expect(published('order.placed', orderId)).toHaveLength(1);
    expect(published('lead.qualified', lead.id)).toHaveLength(1);

    // 8. The customer asks the chat about the order the sales flow created.
    const chat = async (message: string, conversationId?: string) =>
      (
        await invoke('POST', '/v1/public/chat', {
          body: { message, ...(conversationId ? { conversationId } : {}) },
          role: null,
        })
      ).json;
    const asked = await chat('Wie kann ich meine Bestellung verfolgen?');
    expect(asked.state).toBe('awaiting_order_number');
    await chat(`Bestellnummer ${orderId}`, asked.conversationId);
    const status = await chat(email, asked.conversationId);
    expect(status.reply).toContain(orderId);
    expect(status.reply).toContain('in Rechnung gestellt');
    const wrong = await chat('Wie kann ich meine Bestellung verfolgen?');
    await chat(`Bestellnummer ${orderId}`, wrong.conversationId);
    expect((await chat('jemand.anderes@example.de', wrong.conversationId)).reply).not.toContain(orderId);

    // 9. The 360° view shows all of it.
    const view = await invoke('GET', `/v1/contacts/${contactId}/360`);
    expect(view.json.account.id).toBe(account.json.id);
    expect(view.json.leads.map((item: { id: string }) => item.id)).toEqual([lead.id]);
    expect(view.json.opportunities.map((item: { id: string }) => item.id)).toEqual([opportunityId]);
    expect(view.json.quotes.map((item: { id: string }) => item.id)).toEqual([quote.json.id]);
    expect(view.json.orders.map((item: { id: string; status: string }) => [item.id, item.status])).toEqual([
      [orderId, 'invoiced'],
    ]);
  });
});
