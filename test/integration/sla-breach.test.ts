import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '#shared/platform/clock.ts';
import type { Ticket } from '#shared/tickets/ticket.schema.ts';
import { inbox } from '../support/ses-local-env.ts';

// Loaded after SES_ENDPOINT points at this file's aws-ses-v2-local (the platform reads it at import).
const { createLocalScheduler } = await import('#local/scheduler/scheduler.ts');
const { setClock } = await import('#shared/platform/clock.ts');
const { getItem } = await import('#shared/platform/db/table.ts');
const { UnitOfWork } = await import('#shared/platform/db/unit-of-work.ts');
const { SYSTEM_ACTOR } = await import('#shared/platform/events/event.ts');
const { newId } = await import('#shared/platform/ids.ts');
const { clearSettingsCache, writeSetting } = await import('#shared/platform/settings.ts');
const { handleSlaDue } = await import('#shared/sla/sla-breach.service.ts');
const { slaEscalationSetting } = await import('#shared/sla/sla.settings.ts');
const { syncSlaSchedules } = await import('#shared/sla/sla-schedule.service.ts');
const { ticketFromItem, ticketItem, ticketKey } = await import('#shared/tickets/ticket.entity.ts');
const { breach } = await import('../../functions/sla-breach/sla-breach.handler.ts');
const { eventsOf } = await import('../support/outbox.ts');

process.env.SCHEDULER_MODE = 'local';

/** Tue 2026-03-03 10:00 Berlin; a normal ticket's first response (8 business hours) is due 18:00. */
const OPENED = Date.parse('2026-03-03T09:00:00Z');
let now = OPENED;
const clock: Clock = { now: () => new Date(now) };
const advanceTo = (iso: string) => {
  now = Date.parse(iso);
};
const scheduler = createLocalScheduler({ clock, resolveTarget: async () => breach });

const TEAM = 'Technischer Support';
const LEAD = 'lead.support@example.com';

/** A ticket as the ticket service stores it, without SLA fields (the SLA consumer fills them). */
const storeTicket = async (extra: Partial<Ticket> = {}): Promise<Ticket> => {
  const at = new Date(now).toISOString();
  const ticket: Ticket = {
    id: newId(),
    createdAt: at,
    updatedAt: at,
    version: 1,
    number: `T-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
    subject: 'Drucker druckt nicht',
    description: 'Seit gestern',
    channel: 'email',
    contactId: newId(),
    accountId: null,
    language: 'de',
    priority: 'normal',
    category: 'defect',
    status: 'open',
    team: TEAM,
    assigneeId: null,
    tags: [],
    skills: [],
    matchedRules: [],
    slaPolicy: null,
    firstResponseDueAt: null,
    resolutionDueAt: null,
    slaPausedAt: null,
    pausedSeconds: 0,
    breached: {},
    firstRespondedAt: null,
    resolvedAt: null,
    closedAt: null,
    assignedAt: null,
    reopenCount: 0,
    messageCount: 1,
    outboundCount: 0,
    ...extra,
  };
  await new UnitOfWork(SYSTEM_ACTOR).create(ticketItem(ticket), () => new Error('exists')).commit();
  return ticket;
};

const readTicket = async (id: string): Promise<Ticket> => {
  const item = await getItem(ticketKey(id));
  if (!item) throw new Error(`ticket ${id} missing`);
  return ticketFromItem(item);
};

/** Changes a stored ticket as another writer would (version + 1). */
const changeTicket = async (ticket: Ticket, patch: Partial<Ticket>): Promise<Ticket> => {
  const next = { ...ticket, ...patch, version: ticket.version + 1 };
  await new UnitOfWork(SYSTEM_ACTOR)
    .replace(ticketItem(next), ticket.version, () => new Error('stale'))
    .commit();
  return next;
};

const mailsTo = async (ticket: Ticket) =>
  (await inbox()).filter(
    (mail) => mail.destination.to.includes(LEAD) && mail.subject.includes(ticket.number),
  );

beforeAll(() => {
  setClock(clock);
});
afterAll(() => setClock());

describe('SLA breach through the scheduler emulation', () => {
  it('escalates a ticket left unanswered past its first-response target once, and mails the team lead once', async () => {
    // Prepare: a team lead, a ticket opened Tue 10:00 Berlin
    const uow = new UnitOfWork(SYSTEM_ACTOR);
    writeSetting(
      uow,
      slaEscalationSetting.name,
      { teamLeads: { [TEAM]: { email: LEAD, language: 'de' } }, fallback: null },
      undefined,
    );
    await uow.commit();
    clearSettingsCache();
    advanceTo('2026-03-03T09:00:00Z');
    const opened = await storeTicket();

    // Act 1: the consumer of ticket.opened sets the due times and schedules the breach checks
    expect(await syncSlaSchedules(opened.id)).toEqual({
      firstResponse: 'scheduled',
      resolution: 'scheduled',
    });
    const scheduled = await readTicket(opened.id);
    expect(scheduled).toMatchObject({ slaPolicy: 'normal', firstResponseDueAt: '2026-03-03T17:00:00.000Z' });

    // Assess 1: nothing fires before the due time
    advanceTo('2026-03-03T16:59:00Z');
    expect(await scheduler.tick()).toBe(0);

    // Act 2: the clock passes the due time
    advanceTo('2026-03-03T17:00:30Z');
    expect(await scheduler.tick()).toBe(1);

    // Assess 2: breached once, priority raised, event and mail once
    const breached = await readTicket(opened.id);
    expect(breached.priority).toBe('high');
    expect(breached.breached.firstResponse).toBe('2026-03-03T17:00:30.000Z');
    expect(breached.breached.resolution).toBeUndefined();
    const events = await eventsOf(opened.id, 'ticket.sla_breached');
    expect(events.map((event) => event.data)).toEqual([
      expect.objectContaining({
        target: 'first_response',
        priority: 'high',
        previousPriority: 'normal',
        lateSeconds: 30,
      }),
    ]);
    expect(await mailsTo(opened)).toHaveLength(1);
    expect((await mailsTo(opened))[0]?.subject).toContain('Erstreaktion');

    // Act 3: the schedule is gone; a redelivery of the same schedule changes nothing
    advanceTo('2026-03-03T17:05:00Z');
    expect(await scheduler.tick()).toBe(0);
    expect(await handleSlaDue({ ticketId: opened.id, target: 'firstResponse' })).toBe('already-breached');
    expect(await syncSlaSchedules(opened.id)).toMatchObject({
      firstResponse: 'deleted',
      resolution: 'scheduled',
    });

    // Assess 3
    expect((await readTicket(opened.id)).priority).toBe('high');
    expect(await eventsOf(opened.id, 'ticket.sla_breached')).toHaveLength(1);
    expect(await mailsTo(opened)).toHaveLength(1);
  });

  it('does not breach a ticket answered before the due time', async () => {
    advanceTo('2026-03-03T09:00:00Z');
    const opened = await storeTicket();
    await syncSlaSchedules(opened.id);

    // Act: an agent answers at 12:00, the consumer of ticket.message_added runs, the clock passes 18:00
    advanceTo('2026-03-03T11:00:00Z');
    await changeTicket(await readTicket(opened.id), { firstRespondedAt: new Date(now).toISOString() });
    expect((await syncSlaSchedules(opened.id)).firstResponse).toBe('deleted');
    advanceTo('2026-03-03T18:00:00Z');
    await scheduler.tick();

    // Assess: a stale delivery is a no-op too
    expect(await handleSlaDue({ ticketId: opened.id, target: 'firstResponse' })).toBe('not-due');
    const ticket = await readTicket(opened.id);
    expect(ticket.breached).toEqual({});
    expect(ticket.priority).toBe('normal');
    expect(await eventsOf(opened.id, 'ticket.sla_breached')).toHaveLength(0);
  });

  it('stops the clock while pending', async () => {
    advanceTo('2026-03-03T09:00:00Z');
    const opened = await storeTicket();
    await syncSlaSchedules(opened.id);

    // Act: pending at 11:00 Berlin, the old due time passes while waiting for the customer
    advanceTo('2026-03-03T10:00:00Z');
    await changeTicket(await readTicket(opened.id), {
      status: 'pending',
      slaPausedAt: new Date(now).toISOString(),
    });
    expect(await syncSlaSchedules(opened.id)).toEqual({ firstResponse: 'deleted', resolution: 'deleted' });
    advanceTo('2026-03-04T09:00:00Z');
    await scheduler.tick();

    // Assess
    expect(await handleSlaDue({ ticketId: opened.id, target: 'firstResponse' })).toBe('not-due');
    expect((await readTicket(opened.id)).breached).toEqual({});
    expect(await eventsOf(opened.id, 'ticket.sla_breached')).toHaveLength(0);
  });
});
