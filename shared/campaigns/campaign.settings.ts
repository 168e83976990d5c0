import * as z from 'zod';
import { defineSetting } from '#shared/platform/settings.ts';

/**
 * How campaigns send. `claimLeaseSeconds`: how long a recipient claimed by a sender (`sending`)
 * stays untouched before another sender may send it again; it must exceed the time SES's Send
 * event takes to come back (seconds), or a mail that did go out would go out twice
 * (docs/campaigns.md, crash safety). `maxSendRate`: mails per second for the whole account,
 * instead of SES's GetAccount quota (null: ask SES). The environment variables
 * CAMPAIGN_CLAIM_LEASE_SECONDS and CAMPAIGN_MAX_SEND_RATE override both (local runtime, tests).
 */
export const campaignSendingSetting = defineSetting({
  name: 'campaign-sending',
  description: 'Campaign sending: claim lease of in-doubt recipients, SES send rate override.',
  schema: z.strictObject({
    claimLeaseSeconds: z.number().int().min(60).max(86_400),
    maxSendRate: z.number().positive().max(10_000).nullable(),
  }),
  defaults: { claimLeaseSeconds: 600, maxSendRate: null },
});
