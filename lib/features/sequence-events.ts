import { bindConsentTokenSecret } from './consent-token-secret.ts';
import { defineFeature, TABLE_RECORDS } from './feature.ts';
import { bindConfiguredSes } from './mail-identity.ts';

/**
 * Sequence runner (consumer of the `sequences` queue): enrolls, runs the first steps (mails as the
 * SES identity with signed unsubscribe links), exits, hands MQLs off. Its Scheduler grants for the
 * step schedules come from `OneTimeSchedules.bindCreator` (shared/schedule-targets.ts).
 */
export const sequenceEventsFeature = defineFeature({
  functionName: 'sequence-events',
  description:
    'Front Office sequence runner: lead/consent/contact/order events → enrollments, exits, handoff',
  memorySize: 512,
  wire: (fn, { table, stage }) => {
    fn.bindTable(table, TABLE_RECORDS);
    bindConfiguredSes(fn);
    bindConsentTokenSecret(fn, stage);
  },
});
