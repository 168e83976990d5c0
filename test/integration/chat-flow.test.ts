import { describe, expect, it } from 'vitest';
import { invoke } from '../support/invoke.ts';
import { placeOrder } from '../support/order-fixture.ts';

const say = async (message: string, extra: Record<string, unknown> = {}) => {
  const answer = await invoke('POST', '/v1/public/chat', { role: null, body: { message, ...extra } });
  expect(answer.status).toBe(200);
  return answer.json as {
    conversationId: string;
    reply: string;
    state: string;
    links?: { title: string; url: string }[];
    ticketId?: string;
    ticketNumber?: string;
  };
};

/** A contact created through the API and an order of theirs as the sales flow writes it. */
const customerWithOrder = async (email: string) => {
  const contact = await invoke('POST', '/v1/contacts', {
    body: { firstName: 'Jana', lastName: 'Schubert', email, lifecycleStage: 'customer' },
  });
  expect(contact.status).toBe(201);
  const { order } = await placeOrder({ contactId: contact.json.id, status: 'synced' });
  return order;
};

describe('public chat', () => {
  it('answers the order status after asking for the order number and the email', async () => {
    const order = await customerWithOrder('jana.schubert@beispiel.de');

    const first = await say('Wie kann ich meine Bestellung verfolgen?');
    expect(first.state).toBe('awaiting_order_number');
    expect(first.reply).toContain('Bestellnummer');
    const id = first.conversationId;

    const second = await say(`Die Nummer ist ${order.id.toLowerCase()}`, { conversationId: id });
    expect(second.state).toBe('awaiting_email');
    expect(second.reply).toContain('E-Mail');

    const third = await say('Jana.Schubert@Beispiel.de', { conversationId: id });
    expect(third.state).toBe('open');
    expect(third.reply).toContain(order.id);
    expect(third.reply).toContain('an unser Lager übergeben');
  });

  it('answers in English when the customer writes English, number and email in one message', async () => {
    const order = await customerWithOrder('tom.baker@example.co.uk');
    const first = await say('Where is my order?');
    expect(first.reply).toContain('order number');
    const second = await say(`It is ${order.id}, email tom.baker@example.co.uk`, {
      conversationId: first.conversationId,
    });
    expect(second.reply).toContain('has been passed to our warehouse');
  });

  it('gives the same neutral answer for an unknown order, a wrong email and a malformed number', async () => {
    const order = await customerWithOrder('petra.lang@beispiel.de');
    const ask = async (number: string, email: string) => {
      const first = await say('Bestellstatus');
      await say(number, { conversationId: first.conversationId });
      return (await say(email, { conversationId: first.conversationId })).reply;
    };
    const unknown = await ask('01J00000000000000000000000', 'petra.lang@beispiel.de');
    const wrongEmail = await ask(order.id, 'someone.else@beispiel.de');
    const malformed = await ask('12345', 'petra.lang@beispiel.de');
    expect(unknown).toContain('keine Bestellung finden');
    expect(wrongEmail).toBe(unknown);
    expect(malformed).toBe(unknown);
    expect(unknown).not.toContain(order.id);
  });

  it('answers a question with the best article and its link', async () => {
    await invoke('POST', '/v1/kb/articles', {
      role: 'service',
      body: {
        title: 'Rücksendung und Umtausch',
        body: 'Sie können Artikel innerhalb von 30 Tagen zurücksenden. Drucken Sie das Rücksendeetikett aus.',
        status: 'published',
      },
    });
    const answer = await say('Wie funktioniert die Rücksendung?');
    expect(answer.reply).toContain('Rücksendung und Umtausch');
    expect(answer.links?.[0]?.url).toMatch(/^\/v1\/public\/kb\/articles\/[0-9A-Z]{26}$/);
  });

  it('hands over on request: asks for the email, opens a chat ticket with the transcript', async () => {
    const first = await say('Ich möchte mit einem Mitarbeiter sprechen');
    expect(first.state).toBe('awaiting_handover_email');
    const second = await say('max.weber@beispiel.de', { conversationId: first.conversationId });
    expect(second.state).toBe('handed_over');
    expect(second.ticketNumber).toMatch(/^T-\d{4}-\d{6,}$/);
    expect(second.reply).toContain(second.ticketNumber);

    const ticket = await invoke('GET', `/v1/tickets/${second.ticketId}`, { role: 'service' });
    expect(ticket.json).toMatchObject({ channel: 'chat', status: 'new' });
    expect(ticket.json.description).toContain('Customer: Ich möchte mit einem Mitarbeiter sprechen');
    const contact = await invoke('GET', `/v1/contacts/${ticket.json.contactId}`);
    expect(contact.json.email).toBe('max.weber@beispiel.de');

    const later = await say('Noch eine Frage zur Rechnung', { conversationId: first.conversationId });
    expect(later.reply).toContain(second.ticketNumber);
  });

  it('hands over after two turns it could not help with', async () => {
    const email = 'lisa.koch@beispiel.de';
    const first = await say('Xylophon Quarz Zebra', { email });
    expect(first.state).toBe('open');
    const second = await say('Blubb blubb', { conversationId: first.conversationId });
    expect(second.state).toBe('handed_over');
    expect(second.ticketId).toBeDefined();
  });

  it('refuses a message over the length cap and an unknown field', async () => {
    const long = await invoke('POST', '/v1/public/chat', { role: null, body: { message: 'a'.repeat(1001) } });
    expect(long.status).toBe(400);
    const extra = await invoke('POST', '/v1/public/chat', {
      role: null,
      body: { message: 'hi', admin: true },
    });
    expect(extra.status).toBe(400);
  });
});
