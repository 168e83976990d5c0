import { afterAll, describe, expect, it } from 'vitest';
import { inbox, sesLocal } from '../support/ses-local-env.ts';

// Loaded after SES_ENDPOINT points at this file's aws-ses-v2-local (the platform reads it at import).
const { consume } = await import('../../functions/order-mailer/order-mailer.handler.ts');
const { invoke } = await import('../support/invoke.ts');
const { busMessage, placeOrder, sqsEvent } = await import('../support/order-fixture.ts');

afterAll(async () => {
  await sesLocal.close();
});

const createContact = async (body: Record<string, unknown>) => {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const answer = await invoke('POST', '/v1/contacts', {
    body: { firstName: 'Jürgen', lastName: 'Müller', email: `j.mueller.${stamp}@beispiel.example`, ...body },
    role: 'sales',
  });
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return answer.json as { id: string; email: string };
};

const mailsTo = async (email: string) =>
  (await inbox()).filter((mail) => mail.destination.to.includes(email));

describe('order confirmation mail', () => {
  it('mails the confirmation once, in German for a German contact, with number, lines and totals', async () => {
    // Prepare
    const contact = await createContact({ language: 'de' });
    const { order, event } = await placeOrder({ contactId: contact.id });

    // Act: delivered, then redelivered (SQS is at least once), then redelivered concurrently
    const first = await consume(sqsEvent([busMessage(event)]), {} as never);
    const again = await consume(sqsEvent([busMessage(event)]), {} as never);
    await Promise.all([
      consume(sqsEvent([busMessage(event)]), {} as never),
      consume(sqsEvent([busMessage(event)]), {} as never),
    ]);

    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    const mails = await mailsTo(contact.email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.subject).toBe(`Ihre Bestellung ${order.id}`);
    expect(mail?.body.text).toContain('Guten Tag Jürgen Müller');
    expect(mail?.body.text).toContain('Front Office Pro (FO-PRO)');
    expect(mail?.body.text).toMatch(/Gesamtbetrag: 66,37\s€/);
    expect(mail?.body.html).toContain('<html lang="de">');
    expect(mail?.body.html).toContain('66,37');
  });

  it('mails in English for an English contact', async () => {
    const contact = await createContact({ language: 'en', firstName: 'Emily', lastName: 'Clarke' });
    const { order, event } = await placeOrder({ contactId: contact.id });
    await consume(sqsEvent([busMessage(event)]), {} as never);
    const mails = await mailsTo(contact.email);
    expect(mails.map((mail) => mail.subject)).toEqual([`Your order ${order.id}`]);
    expect(mails[0]?.body.text).toContain('Total amount: €66.37');
  });

  it('sends nothing to a contact whose email consent is revoked, nor for an order without a contact', async () => {
    const contact = await createContact({
      language: 'de',
      consents: { email: { status: 'revoked', source: 'unsubscribe link' } },
    });
    const withRevoked = await placeOrder({ contactId: contact.id });
    const withoutContact = await placeOrder({ contactId: null });
    const before = (await inbox()).length;
    const result = await consume(
      sqsEvent([busMessage(withRevoked.event), busMessage(withoutContact.event)]),
      {} as never,
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(await inbox()).toHaveLength(before);
  });
});
