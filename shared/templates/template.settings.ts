import * as z from 'zod';
import { defineSetting } from '#shared/platform/settings.ts';

const entry = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^([^\s@]+@)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/,
    'Must be a domain (example.com) or an address (a@example.com).',
  );

/**
 * Where test sends of a template may go: whole domains or single addresses. The domain of
 * MAIL_FROM is always allowed in addition, so a team can test to itself without configuring this.
 */
export const templateTestRecipientsSetting = defineSetting({
  name: 'template-test-recipients',
  description:
    'Domains and addresses that template test sends may go to (the MAIL_FROM domain is always allowed).',
  schema: z.strictObject({ allowed: z.array(entry).max(100) }),
  defaults: { allowed: ['example.com', 'beispiel.de'] },
});

/** Whether `to` is covered by the allow-list (an address, or any address of a listed domain). */
export const isAllowedTestRecipient = (to: string, allowed: readonly string[]): boolean => {
  const address = to.trim().toLowerCase();
  const domain = address.split('@')[1] ?? '';
  return allowed.some((entry) => {
    const rule = entry.trim().toLowerCase();
    return rule.includes('@') ? rule === address : rule === domain;
  });
};
