import { describe, expect, it } from 'vitest';
import { classifyTicket } from '#shared/tickets/ticket.rules.ts';
import { ticketRulesSetting } from '#shared/tickets/ticket.settings.ts';

const classify = (subject: string, body = '', customerValue: 'customer' | 'prospect' = 'prospect') =>
  classifyTicket({ subject, body, channel: 'email', customerValue }, ticketRulesSetting.defaults);

describe('ticket rules', () => {
  it('sends defects to Technischer Support with priority high', () => {
    expect(classify('Defektes Produkt')).toMatchObject({
      priority: 'high',
      team: 'Technischer Support',
      category: 'defect',
      matchedRules: ['defect'],
    });
  });

  it('lets the first rule that sets a field win, and matches umlaut-tolerantly', () => {
    expect(classify('Beschwerde: Gerät defekt')).toMatchObject({
      category: 'defect',
      team: 'Technischer Support',
      matchedRules: ['defect', 'complaint'],
    });
    expect(classify('Ärger', 'Ich bin unzufrieden')).toMatchObject({
      category: 'complaint',
      team: 'Kundenservice',
    });
    expect(classify('Frage zur RECHNUNG')).toMatchObject({ team: 'Buchhaltung', priority: 'normal' });
  });

  it('raises urgent requests of customers only, and falls back otherwise', () => {
    expect(classify('Dringend!', '', 'customer').priority).toBe('urgent');
    expect(classify('Dringend!', '', 'prospect').priority).toBe('normal');
    expect(classify('Hallo')).toMatchObject({
      priority: 'normal',
      category: 'general',
      team: 'Kundenservice',
    });
  });

  it('ships defaults that satisfy the setting schema', () => {
    expect(ticketRulesSetting.schema.safeParse(ticketRulesSetting.defaults).success).toBe(true);
  });
});
