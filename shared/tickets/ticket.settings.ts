import * as z from 'zod';
import { LANGUAGES } from '#shared/contacts/contact.schema.ts';
import { defineSetting } from '#shared/platform/settings.ts';
import { categorySchema, TICKET_CHANNELS, TICKET_PRIORITIES, teamSchema } from './ticket.schema.ts';

const ruleId = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'Must be a short kebab-case id such as defect.');
const words = z.array(z.string().trim().min(1).max(200)).max(100);
const skills = z.array(z.string().trim().min(1).max(60)).max(50);

/** What a customer is worth to service: `customer` (lifecycle stage customer) or `prospect`. */
export const CUSTOMER_VALUES = ['customer', 'prospect'] as const;
export type CustomerValue = (typeof CUSTOMER_VALUES)[number];

/**
 * A classification rule. Every criterion given must hold; words match case-insensitively and
 * umlaut-tolerantly ("Rücksendung" = "ruecksendung") anywhere in the text.
 */
const ticketRuleSchema = z.strictObject({
  id: ruleId,
  match: z
    .strictObject({
      /** Any of these in the subject. */
      subject: words.optional(),
      /** Any of these in the description or message text. */
      body: words.optional(),
      /** Any of these in the subject or the text. */
      text: words.optional(),
      channels: z.array(z.enum(TICKET_CHANNELS)).max(10).optional(),
      customerValues: z.array(z.enum(CUSTOMER_VALUES)).max(10).optional(),
    })
    .default({}),
  /** What the rule sets; for each field the first matching rule that sets it wins. */
  set: z
    .strictObject({
      priority: z.enum(TICKET_PRIORITIES).optional(),
      category: categorySchema.optional(),
      team: teamSchema.optional(),
      /** Skills an agent needs for the ticket (auto-assignment). */
      skills: skills.optional(),
    })
    .refine((set) => Object.keys(set).length > 0, 'Set at least one of priority, category, team, skills.'),
});

export const ticketRulesSchema = z
  .strictObject({
    rules: z.array(ticketRuleSchema).max(200),
    /** What applies when no rule set a field. */
    fallback: z.strictObject({
      priority: z.enum(TICKET_PRIORITIES),
      category: categorySchema,
      team: teamSchema,
    }),
  })
  .superRefine((value, context) => {
    const ids = value.rules.map((rule) => rule.id);
    const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
    if (duplicate) context.addIssue({ code: 'custom', message: `Rule id ${duplicate} is used twice.` });
  });
export type TicketRules = z.infer<typeof ticketRulesSchema>;
export type TicketRule = TicketRules['rules'][number];

export const ticketRulesSetting = defineSetting({
  name: 'ticket-rules',
  description:
    'Ticket rules: ordered rules on subject, text, channel and customer value that set priority, category, team and required skills (for each field the first matching rule wins), and the fallback.',
  schema: ticketRulesSchema,
  defaults: {
    rules: [
      {
        id: 'defect',
        match: { subject: ['defekt', 'kaputt', 'defective', 'broken'] },
        set: { priority: 'high', category: 'defect', team: 'Technischer Support' },
      },
      {
        id: 'complaint',
        match: { text: ['beschwerde', 'beschweren', 'complaint', 'unzufrieden', 'dissatisfied'] },
        set: { category: 'complaint', team: 'Kundenservice' },
      },
      {
        id: 'billing',
        match: { text: ['rechnung', 'invoice', 'gutschrift', 'credit note'] },
        set: { category: 'billing', team: 'Buchhaltung' },
      },
      {
        id: 'urgent-customer',
        match: { text: ['dringend', 'urgent', 'notfall', 'emergency'], customerValues: ['customer'] },
        set: { priority: 'urgent' },
      },
    ],
    fallback: { priority: 'normal', category: 'general', team: 'Kundenservice' },
  },
});

const agentSchema = z.strictObject({
  agentId: z.string().trim().min(1).max(128),
  skills: skills.default([]),
  /** Languages the agent serves; none given: all. */
  languages: z.array(z.enum(LANGUAGES)).max(10).optional(),
  /** The most open tickets (new, open, pending) this agent takes through automatic assignment. */
  capacity: z.number().int().min(0).max(10_000),
});

export const ticketAssignmentSchema = z
  .strictObject({
    teams: z
      .array(
        z.strictObject({
          team: teamSchema,
          agents: z.array(agentSchema).max(200),
        }),
      )
      .max(100),
  })
  .superRefine((value, context) => {
    const names = value.teams.map((team) => team.team);
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate) context.addIssue({ code: 'custom', message: `Team ${duplicate} is listed twice.` });
  });
export type TicketAssignment = z.infer<typeof ticketAssignmentSchema>;
export type TicketAgent = TicketAssignment['teams'][number]['agents'][number];

export const ticketAssignmentSetting = defineSetting({
  name: 'ticket-assignment',
  description:
    'Ticket auto-assignment: per team the agents with skills, languages and capacity of open tickets; a new ticket goes to the least-loaded agent of its team who has the skills and room. No agents: tickets wait unassigned in the team queue.',
  schema: ticketAssignmentSchema,
  defaults: { teams: [] },
});
