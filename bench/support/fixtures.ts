// Imports the handlers: load this module only after `startBenchTable()` has set the environment.
import { type Answer, type Call, invoke } from '../../test/support/invoke.ts';

/** Calls a handler in-process and fails the bench loudly when the answer is not the expected one. */
export const call = async (
  method: string,
  url: string,
  expected: number,
  options: Call = {},
): Promise<Answer> => {
  const answer = await invoke(method, url, options);
  if (answer.status !== expected) {
    throw new Error(
      `${method} ${url}: expected ${expected}, got ${answer.status} ${JSON.stringify(answer.json)}`,
    );
  }
  return answer;
};

let sequence = 0;

/** A contact body with an email no other call of this run uses (the email must be unique). */
export const newContactBody = (extra: Record<string, unknown> = {}) => {
  sequence += 1;
  return {
    firstName: 'Jürgen',
    lastName: 'Weiß',
    email: `juergen.weiss.${process.pid}.${sequence}@mueller-maschinenbau.de`,
    language: 'de',
    ...extra,
  };
};

export type Contact360Fixture = { accountId: string; contactId: string; activityIds: string[] };

/** The 360° view's typical reader: a contact with an account, five activities and one consent. */
export const seedContact360 = async (): Promise<Contact360Fixture> => {
  const account = await call('POST', '/v1/accounts', 201, {
    body: { name: 'Müller Maschinenbau GmbH', domain: 'mueller-maschinenbau.de', industry: 'Maschinenbau' },
  });
  const accountId: string = account.json.id;
  const contact = await call('POST', '/v1/contacts', 201, { body: newContactBody({ accountId }) });
  const contactId: string = contact.json.id;
  const activityIds: string[] = [];
  for (const type of ['call', 'email', 'meeting', 'note', 'task']) {
    const activity = await call('POST', '/v1/activities', 201, {
      body: {
        type,
        subject: `Follow-up (${type})`,
        body: 'Angebot für die Fräsmaschine besprochen.',
        contactId,
      },
    });
    activityIds.push(activity.json.id);
  }
  await call('PUT', `/v1/contacts/${contactId}/consents/email`, 200, {
    body: { status: 'granted', source: 'Messe Hannover, Formular 12', version: 'v3' },
  });
  return { accountId, contactId, activityIds };
};
