import * as z from 'zod';
import { sendMail } from '#shared/mail/mailer.ts';
import { sendOnce } from '#shared/mail/send-once.ts';
import { clock } from '#shared/platform/clock.ts';
import { nextRecordMeta, staleVersion } from '#shared/platform/db/record.ts';
import { getItem } from '#shared/platform/db/table.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import { logger } from '#shared/platform/logger.ts';
import { readSetting } from '#shared/platform/settings.ts';
import { ticketFromItem, ticketHistoryItem, ticketItem, ticketKey } from '#shared/tickets/ticket.entity.ts';
import { ticketSlaBreached } from '#shared/tickets/ticket.events.ts';
import type { Ticket } from '#shared/tickets/ticket.schema.ts';
import { dueFieldOf, isBreached, raisedPriority, type SlaTargetName } from '#shared/tickets/ticket-sla.ts';
import { slaEscalationSetting } from './sla.settings.ts';
import { renderSlaBreachMail } from './sla-breach-mail.template.ts';

/** What a breach schedule carries: ids only. */
export const slaDuePayloadSchema = z.strictObject({
  ticketId: z.string().min(1),
  target: z.enum(['firstResponse', 'resolution']),
});
export type SlaDuePayload = z.infer<typeof slaDuePayloadSchema>;

export type SlaDueOutcome = 'breached' | 'already-breached' | 'not-due' | 'gone';

const SLA_BREACH_MAIL = 'sla-breach';
const EVENT_TARGET = { firstResponse: 'first_response', resolution: 'resolution' } as const;

/** The guard of one breach: its creation fails when the breach of this ticket and target exists. */
const breachKey = (ticketId: string, target: SlaTargetName) => ({
  pk: `TICKET#${ticketId}`,
  sk: `SLA_BREACH#${target}`,
});

class AlreadyClaimed extends Error {}

const readTicket = async (ticketId: string): Promise<Ticket | undefined> => {
  const item = await getItem(ticketKey(ticketId));
  return item ? ticketFromItem(item) : undefined;
};

/**
 * Records the breach in one transaction: breach time on the ticket, priority one step up, history
 * items, `ticket.sla_breached`, and the breach guard (exactly once per ticket and target). A
 * concurrent change of the ticket fails the version condition: the caller retries on a fresh read.
 * Gives the ticket as written, or undefined when the breach was recorded before.
 */
const recordBreach = async (
  ticket: Ticket,
  target: SlaTargetName,
  now: Date,
): Promise<Ticket | undefined> => {
  const at = now.toISOString();
  const dueAt = ticket[dueFieldOf(target)] as string;
  const priority = raisedPriority(ticket.priority);
  const next: Ticket = {
    ...ticket,
    ...nextRecordMeta(ticket),
    priority,
    breached: { ...ticket.breached, [target]: at },
  };
  const uow = new UnitOfWork(SYSTEM_ACTOR)
    .create(
      { ...breachKey(ticket.id, target), entity: 'sla-breach', ticketId: ticket.id, target, dueAt, at },
      () => new AlreadyClaimed(),
      1,
    )
    .replace(ticketItem(next), ticket.version, staleVersion('ticket', ticket.version));
  uow.create(
    ticketHistoryItem({
      ticketId: ticket.id,
      field: `breached.${target}`,
      from: null,
      to: at,
      actor: 'system',
      at,
    }),
    () => new Error('History id collision.'),
  );
  if (priority !== ticket.priority) {
    uow.create(
      ticketHistoryItem({
        ticketId: ticket.id,
        field: 'priority',
        from: ticket.priority,
        to: priority,
        actor: 'system',
        at,
      }),
      () => new Error('History id collision.'),
    );
  }
  uow.emit(ticketSlaBreached, ticket.id, {
    channel: ticket.channel,
    category: ticket.category,
    priority,
    team: ticket.team,
    target: EVENT_TARGET[target],
    slaPolicy: ticket.slaPolicy ?? null,
    dueAt: new Date(dueAt).toISOString(),
    lateSeconds: Math.max(0, Math.floor((now.getTime() - Date.parse(dueAt)) / 1000)),
    previousPriority: ticket.priority,
    assigneeId: ticket.assigneeId ?? null,
  });
  try {
    await uow.commit();
    return next;
  } catch (error) {
    if (error instanceof AlreadyClaimed) return undefined;
    throw error;
  }
};

/**
 * Mails the team lead once per breach: a marker is claimed before SES is called and released when
 * the send fails, so a retry sends and a redelivery does not.
 */
const mailTeamLead = async (
  ticket: Ticket,
  target: SlaTargetName,
  previousPriority: string,
): Promise<void> => {
  const escalation = await readSetting(slaEscalationSetting);
  const lead = escalation.teamLeads[ticket.team] ?? escalation.fallback;
  if (!lead) {
    logger.info('SLA breach not mailed: the team has no lead', { ticketId: ticket.id, target });
    return;
  }
  const subjectId = `${ticket.id}.${target}`;
  const mail = renderSlaBreachMail({
    language: lead.language,
    ticket: { number: ticket.number, team: ticket.team, priority: ticket.priority, previousPriority },
    target,
    dueAt: ticket[dueFieldOf(target)] as string,
  });
  const outcome = await sendOnce(SLA_BREACH_MAIL, subjectId, () => sendMail({ to: lead.email, ...mail }));
  if (outcome.sent)
    logger.info('SLA breach mailed to the team lead', {
      ticketId: ticket.id,
      target,
      messageId: outcome.value,
    });
};

/**
 * A breach schedule fired (at least once): re-reads the ticket; if the target is still open, its due
 * time really passed and the clock is not paused, records the breach (once) and mails the team lead
 * (once). A ticket answered, resolved, paused or rescheduled meanwhile is left alone.
 */
export const handleSlaDue = async (payload: SlaDuePayload): Promise<SlaDueOutcome> => {
  const { ticketId, target } = payload;
  const ticket = await readTicket(ticketId);
  if (!ticket) return 'gone';
  const now = clock.now();
  if (isBreached(ticket, target, now)) {
    const recorded = await recordBreach(ticket, target, now);
    await mailTeamLead(recorded ?? ticket, target, ticket.priority);
    logger.info('SLA target breached', { ticketId, target, recorded: recorded !== undefined });
    return recorded ? 'breached' : 'already-breached';
  }
  if (ticket.breached[target]) {
    // A redelivery after a failed mail: the breach is recorded, the mail may still be owed.
    const previous = ticket.priority;
    await mailTeamLead(ticket, target, previous);
    return 'already-breached';
  }
  return 'not-due';
};
