import { expect } from 'vitest';
import { invoke } from './invoke.ts';

export type SubscribedContact = { id: string; email: string; version: number };

/**
 * A contact with email consent and `purposes` granted, as staff record them: the recipient of the
 * mail tests. `contact` adds to or overrides the request body (names, email, language, stage).
 * Import it after the test sets the mail environment, as `invoke` (the platform reads it at import).
 */
export const subscribedContact = async (
  purposes: readonly string[],
  contact: Record<string, unknown> = {},
): Promise<SubscribedContact> => {
  const created = await invoke('POST', '/v1/contacts', {
    body: {
      firstName: 'Petra',
      lastName: 'Schulz',
      email: `p.${crypto.randomUUID()}@beispiel.example`,
      consents: { email: { status: 'granted', source: 'paper_form', version: 'v1' } },
      ...contact,
    },
    role: 'marketing',
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  for (const purpose of purposes) {
    const granted = await invoke('PUT', `/v1/contacts/${created.json.id}/purposes/${purpose}`, {
      body: { status: 'granted', source: 'paper_form', wordingVersion: 'v1' },
      role: 'marketing',
    });
    expect(granted.status, JSON.stringify(granted.json)).toBe(200);
  }
  return created.json as SubscribedContact;
};
