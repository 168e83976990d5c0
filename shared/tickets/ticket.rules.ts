import { foldText } from '#shared/platform/db/keys.ts';
import type { TicketPriority } from './ticket.schema.ts';
import type { CustomerValue, TicketRule, TicketRules } from './ticket.settings.ts';

export type Classification = {
  priority: TicketPriority;
  category: string;
  team: string;
  skills: string[];
  /** Ids of the rules that matched, in order. */
  matchedRules: string[];
};

export type ClassificationInput = {
  subject: string;
  body: string;
  channel: string;
  customerValue: CustomerValue;
};

const containsAny = (folded: string, words: readonly string[] | undefined): boolean =>
  !words || words.some((word) => folded.includes(foldText(word)));

const matches = (rule: TicketRule, input: ClassificationInput, subject: string, body: string): boolean =>
  containsAny(subject, rule.match.subject) &&
  containsAny(body, rule.match.body) &&
  containsAny(`${subject} ${body}`, rule.match.text) &&
  (!rule.match.channels || rule.match.channels.some((channel) => channel === input.channel)) &&
  (!rule.match.customerValues || rule.match.customerValues.includes(input.customerValue));

/**
 * Runs the ordered `ticket-rules`: every matching rule counts, and for each field (priority,
 * category, team) the first matching rule that sets it wins; skills add up. Unset fields fall back.
 */
export const classifyTicket = (input: ClassificationInput, settings: TicketRules): Classification => {
  const subject = foldText(input.subject);
  const body = foldText(input.body);
  const decided: Partial<Pick<Classification, 'priority' | 'category' | 'team'>> = {};
  const skills = new Set<string>();
  const matchedRules: string[] = [];
  for (const rule of settings.rules) {
    if (!matches(rule, input, subject, body)) continue;
    matchedRules.push(rule.id);
    decided.priority ??= rule.set.priority;
    decided.category ??= rule.set.category;
    decided.team ??= rule.set.team;
    for (const skill of rule.set.skills ?? []) skills.add(skill);
  }
  return {
    priority: decided.priority ?? settings.fallback.priority,
    category: decided.category ?? settings.fallback.category,
    team: decided.team ?? settings.fallback.team,
    skills: [...skills],
    matchedRules,
  };
};
