import * as z from 'zod';
import { clock } from '#shared/platform/clock.ts';
import { nextRecordMeta, staleVersion } from '#shared/platform/db/record.ts';
import { getItem } from '#shared/platform/db/table.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import { scheduler } from '#shared/platform/scheduler.ts';
import { readSetting } from '#shared/platform/settings.ts';
import { ticketFromItem, ticketHistoryItem, ticketItem, ticketKey } from '#shared/tickets/ticket.entity.ts';
import type { Ticket } from '#shared/tickets/ticket.schema.ts';
import {
  dueFieldOf,
  dueTimesFor,
  SLA_TARGETS,
  type SlaTargetName,
  targetOpen,
} from '#shared/tickets/ticket-sla.ts';
import { slaPoliciesSetting } from './sla.settings.ts';
import { handleSlaDue } from './sla-breach.service.ts';
import { SLA_SCHEDULE_EVENTS } from './sla-schedule.events.ts';

/** The function a breach schedule invokes. */
export const SLA_BREACH_TARGET = 'sla-breach';

/** Any of those events, by its envelope (the consumer needs only the ticket id). */
export const ticketEventSchema = z.looseObject({
  name: z.enum(SLA_SCHEDULE_EVENTS),
  subject: z.strictObject({ type: z.literal('ticket'), id: z.string().min(1) }),
});

/** One schedule per ticket and target; the name is fixed, so creating it again replaces it. */
export const slaScheduleName = (ticketId: string, target: SlaTargetName): string =>
  `sla-${ticketId}-${target === 'firstResponse' ? 'first-response' : 'resolution'}`;

export type ScheduleAction = 'scheduled' | 'deleted' | 'due-now';

/**
 * Fallback while `openTicket` does not set due times itself: a ticket without an SLA policy gets
 * the due times of its policy, counted from its creation (conditional on its version).
 */
const withDueTimes = async (ticket: Ticket): Promise<Ticket> => {
  if (ticket.slaPolicy || ticket.firstResponseDueAt || ticket.resolutionDueAt) return ticket;
  const due = dueTimesFor(ticket, await readSetting(slaPoliciesSetting), new Date(ticket.createdAt));
  const next: Ticket = { ...ticket, ...due, ...nextRecordMeta(ticket) };
  const at = next.updatedAt;
  const uow = new UnitOfWork(SYSTEM_ACTOR).replace(
    ticketItem(next),
    ticket.version,
    staleVersion('ticket', ticket.version),
  );
  for (const field of ['slaPolicy', 'firstResponseDueAt', 'resolutionDueAt'] as const) {
    uow.create(
      ticketHistoryItem({ ticketId: ticket.id, field, from: null, to: next[field], actor: 'system', at }),
      () => new Error('History id collision.'),
    );
  }
  await uow.commit();
  return next;
};

/** Whether a target needs a breach schedule: due time set, still open, not breached, not paused. */
const needsSchedule = (ticket: Ticket, target: SlaTargetName): boolean =>
  !!ticket[dueFieldOf(target)] &&
  targetOpen(ticket, target) &&
  !ticket.breached[target] &&
  !ticket.slaPausedAt &&
  ticket.status !== 'pending';

/**
 * Brings the breach schedules of a ticket in line with its state (idempotent: run it after every
 * ticket event, as often as it is delivered): a schedule at each open target's due time, none for
 * targets met, breached or paused. A due time already past is checked at once.
 */
export const syncSlaSchedules = async (ticketId: string): Promise<Record<SlaTargetName, ScheduleAction>> => {
  const item = await getItem(ticketKey(ticketId));
  const actions = { firstResponse: 'deleted', resolution: 'deleted' } as Record<
    SlaTargetName,
    ScheduleAction
  >;
  const ticket = item ? await withDueTimes(ticketFromItem(item)) : undefined;
  for (const target of SLA_TARGETS) {
    const name = slaScheduleName(ticketId, target);
    if (!ticket || !needsSchedule(ticket, target)) {
      await scheduler.deleteSchedule(name);
      continue;
    }
    const dueAt = new Date(ticket[dueFieldOf(target)] as string);
    if (dueAt.getTime() <= clock.now().getTime()) {
      await scheduler.deleteSchedule(name);
      await handleSlaDue({ ticketId, target });
      actions[target] = 'due-now';
      continue;
    }
    await scheduler.createSchedule({
      name,
      at: dueAt,
      target: SLA_BREACH_TARGET,
      input: { ticketId, target },
    });
    actions[target] = 'scheduled';
  }
  return actions;
};
