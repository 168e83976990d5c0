import * as z from 'zod';
import { LANGUAGES } from '#shared/contacts/contact.schema.ts';
import { defineSetting } from '#shared/platform/settings.ts';
import { TICKET_PRIORITIES } from '#shared/tickets/ticket.schema.ts';
import { germanPublicHolidays } from './holidays.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Must be a time such as 08:00.');
const isoDate = z.iso.date();

const timeZoneSchema = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'Must be an IANA time zone such as Europe/Berlin.');

/** Opening hours, working days and holidays that business-hour targets count in. */
export const businessCalendarSchema = z
  .strictObject({
    timeZone: timeZoneSchema,
    /** ISO weekdays: 1 = Monday … 7 = Sunday. */
    workingDays: z.array(z.number().int().min(1).max(7)).min(1),
    opens: hhmm,
    closes: hhmm,
    holidays: z.array(isoDate),
  })
  .refine((calendar) => calendar.opens < calendar.closes, {
    message: 'opens must be before closes.',
    path: ['closes'],
  });

/** One target: so many hours, counted around the clock or in business hours only. */
export const slaTargetSchema = z.strictObject({
  hours: z
    .number()
    .positive()
    .max(24 * 365),
  mode: z.enum(['calendar', 'business']),
});
export type SlaTarget = z.infer<typeof slaTargetSchema>;

export const slaPolicySchema = z.strictObject({
  firstResponse: slaTargetSchema,
  resolution: slaTargetSchema,
});
export type SlaPolicy = z.infer<typeof slaPolicySchema>;

export const slaPoliciesSchema = z.strictObject({
  calendar: businessCalendarSchema,
  /** Targets per priority. */
  priorities: z.strictObject(
    Object.fromEntries(TICKET_PRIORITIES.map((priority) => [priority, slaPolicySchema])) as Record<
      (typeof TICKET_PRIORITIES)[number],
      typeof slaPolicySchema
    >,
  ),
  /**
   * Per category (e.g. `complaint`): a policy of its own. A category policy can only tighten: each
   * target is due at the earlier of the priority's and the category's due time.
   */
  categories: z.record(z.string(), slaPolicySchema),
});
export type SlaPolicies = z.infer<typeof slaPoliciesSchema>;
export type BusinessCalendarSetting = z.infer<typeof businessCalendarSchema>;

const business = (hours: number) => ({ hours, mode: 'business' as const });
const calendar = (hours: number) => ({ hours, mode: 'calendar' as const });

/** Defaults: Mon–Fri 08:00–18:00 Berlin time, nationwide German holidays of 2026 and 2027. */
export const slaPoliciesSetting = defineSetting({
  name: 'sla-policies',
  description:
    'SLA targets (first response, resolution) per ticket priority, stricter policies per category (complaint), in calendar or business hours, and the business calendar (time zone, working days, opening hours, holidays).',
  schema: slaPoliciesSchema,
  defaults: {
    calendar: {
      timeZone: 'Europe/Berlin',
      workingDays: [1, 2, 3, 4, 5],
      opens: '08:00',
      closes: '18:00',
      holidays: [...germanPublicHolidays(2026), ...germanPublicHolidays(2027)],
    },
    priorities: {
      urgent: { firstResponse: calendar(1), resolution: calendar(8) },
      high: { firstResponse: business(4), resolution: business(24) },
      normal: { firstResponse: business(8), resolution: business(72) },
      low: { firstResponse: business(24), resolution: business(120) },
    },
    categories: {
      complaint: { firstResponse: business(2), resolution: business(24) },
    },
  },
});

const teamLeadSchema = z.strictObject({ email: z.email(), language: z.enum(LANGUAGES).default('de') });

/** Who hears of a breach: the lead of the ticket's team, in the lead's language. */
export const slaEscalationSchema = z.strictObject({
  teamLeads: z.record(z.string(), teamLeadSchema),
  /** For teams without a lead of their own; none: breaches are recorded, but nobody is mailed. */
  fallback: teamLeadSchema.nullable(),
});
export type SlaEscalation = z.infer<typeof slaEscalationSchema>;

export const slaEscalationSetting = defineSetting({
  name: 'sla-escalation',
  description:
    'Team → team lead (email, language de/en) who is mailed when a ticket of the team breaches an SLA target; fallback for teams without a lead.',
  schema: slaEscalationSchema,
  defaults: { teamLeads: {}, fallback: null },
});
