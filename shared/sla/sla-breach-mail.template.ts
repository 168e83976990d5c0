import type { SlaTargetName } from '#shared/tickets/ticket-sla.ts';

export type SlaBreachMailInput = {
  language: 'de' | 'en';
  ticket: { number: string; team: string; priority: string; previousPriority: string };
  target: SlaTargetName;
  dueAt: string;
};

const TEXT = {
  de: {
    target: { firstResponse: 'Erstreaktion', resolution: 'Lösung' },
    subject: (number: string, target: string) => `SLA verletzt: Ticket ${number} (${target})`,
    body: (i: SlaBreachMailInput, target: string, due: string) =>
      [
        'Hallo,',
        '',
        `beim Ticket ${i.ticket.number} (Team ${i.ticket.team}) ist das SLA-Ziel „${target}“ verletzt: fällig war es am ${due}.`,
        `Die Priorität wurde von ${i.ticket.previousPriority} auf ${i.ticket.priority} erhöht.`,
        '',
        'Bitte kümmern Sie sich darum.',
        'Ihr Front Office',
      ].join('\n'),
    locale: 'de-DE',
  },
  en: {
    target: { firstResponse: 'first response', resolution: 'resolution' },
    subject: (number: string, target: string) => `SLA breached: ticket ${number} (${target})`,
    body: (i: SlaBreachMailInput, target: string, due: string) =>
      [
        'Hello,',
        '',
        `ticket ${i.ticket.number} (team ${i.ticket.team}) breached its ${target} target: it was due on ${due}.`,
        `Its priority was raised from ${i.ticket.previousPriority} to ${i.ticket.priority}.`,
        '',
        'Please take care of it.',
        'Your Front Office',
      ].join('\n'),
    locale: 'en-GB',
  },
} as const;

const escapeHtml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The team lead's breach notice: ticket number, team, target, due time; nothing about the customer. */
export const renderSlaBreachMail = (input: SlaBreachMailInput) => {
  const t = TEXT[input.language];
  const target = t.target[input.target];
  const due = new Intl.DateTimeFormat(t.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Berlin',
  }).format(new Date(input.dueAt));
  const text = t.body(input, target, due);
  const html = `<!doctype html><html lang="${input.language}"><head><meta charset="utf-8"></head><body>${text
    .split('\n')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('')}</body></html>`;
  return { subject: t.subject(input.ticket.number, target), text, html };
};
