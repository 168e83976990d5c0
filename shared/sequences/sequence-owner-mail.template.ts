import type { Language } from '#shared/contacts/contact.schema.ts';
/** Owner notices of sequences: what happened and to whom (by record id), never the contact's data. */
export type OwnerNoticeInput = {
  language: Language;
  kind: 'handoff' | 'notice';
  sequenceName: string;
  /** For a notify_owner step: its message. */
  message?: string | undefined;
  contactId: string;
  leadId: string | null;
  dueAt: string;
};

const TEXT = {
  de: {
    subject: {
      handoff: (name: string) => `MQL aus der Sequenz „${name}“: bitte Kontakt aufnehmen`,
      notice: (name: string) => `Hinweis aus der Sequenz „${name}“`,
    },
    intro: {
      handoff: 'ein Lead aus Ihrer Nurture-Sequenz hat die MQL-Schwelle erreicht.',
      notice: 'eine Sequenz meldet:',
    },
    task: 'Eine Aufgabe ist für Sie angelegt, fällig am',
    contact: 'Kontakt',
    lead: 'Lead',
    greeting: 'Hallo,',
    closing: 'Ihr Front Office',
    locale: 'de-DE',
  },
  en: {
    subject: {
      handoff: (name: string) => `MQL from the sequence "${name}": please get in touch`,
      notice: (name: string) => `Notice from the sequence "${name}"`,
    },
    intro: {
      handoff: 'a lead nurtured by your sequence reached the MQL threshold.',
      notice: 'a sequence reports:',
    },
    task: 'A task was created for you, due on',
    contact: 'Contact',
    lead: 'Lead',
    greeting: 'Hello,',
    closing: 'Your Front Office',
    locale: 'en-GB',
  },
} as const;

const escapeHtml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const renderOwnerNotice = (input: OwnerNoticeInput) => {
  const t = TEXT[input.language];
  const due = new Intl.DateTimeFormat(t.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Berlin',
  }).format(new Date(input.dueAt));
  const lines = [
    t.greeting,
    '',
    `${t.intro[input.kind]}${input.message ? ` ${input.message}` : ''}`,
    `${t.contact}: ${input.contactId}${input.leadId ? `, ${t.lead}: ${input.leadId}` : ''}`,
    `${t.task} ${due}.`,
    '',
    t.closing,
  ];
  const text = lines.join('\n');
  const html = `<!doctype html><html lang="${input.language}"><head><meta charset="utf-8"></head><body>${lines
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('')}</body></html>`;
  return { subject: t.subject[input.kind](input.sequenceName).replace(/[\r\n]+/g, ' '), text, html };
};
