import { describe, expect, it } from 'vitest';
import {
  addBusinessHours,
  addBusinessSeconds,
  type BusinessCalendar,
  businessSecondsBetween,
  isBusinessTime,
} from '#shared/sla/business-time.ts';
import { germanPublicHolidays } from '#shared/sla/holidays.ts';
import { slaPoliciesSetting } from '#shared/sla/sla.settings.ts';
import {
  dueTimesFor,
  isBreached,
  raisedPriority,
  slaForNewTicket,
  slaForReclassification,
  slaForStatusChange,
} from '#shared/tickets/ticket-sla.ts';

const berlin: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  workingDays: [1, 2, 3, 4, 5],
  opens: '08:00',
  closes: '18:00',
  holidays: [...germanPublicHolidays(2026), ...germanPublicHolidays(2027)],
};
const at = (iso: string) => new Date(iso);
const policies = slaPoliciesSetting.defaults;

describe('German public holidays', () => {
  it('computes the nine nationwide holidays with Easter-dependent feasts', () => {
    expect(germanPublicHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-25',
      '2026-10-03',
      '2026-12-25',
      '2026-12-26',
    ]);
    expect(germanPublicHolidays(2027)).toContain('2027-03-26'); // Karfreitag (Easter: 28 March)
    expect(germanPublicHolidays(2027)).toContain('2027-05-17'); // Pfingstmontag
  });
});

describe('addBusinessSeconds', () => {
  it('stays within the day when the hours fit (winter time, UTC+1)', () => {
    // Tue 2026-03-03 10:00 Berlin = 09:00Z
    expect(addBusinessHours(at('2026-03-03T09:00:00Z'), 4, berlin).toISOString()).toBe(
      '2026-03-03T13:00:00.000Z',
    );
  });

  it('carries the rest over the night to the next opening', () => {
    // Tue 16:00 Berlin + 4 h → 2 h today, 2 h from Wed 08:00 → Wed 10:00 Berlin = 09:00Z
    expect(addBusinessHours(at('2026-03-03T15:00:00Z'), 4, berlin).toISOString()).toBe(
      '2026-03-04T09:00:00.000Z',
    );
  });

  it('skips the weekend', () => {
    // Fri 17:00 Berlin + 2 h → Mon 09:00 Berlin
    expect(addBusinessHours(at('2026-03-06T16:00:00Z'), 2, berlin).toISOString()).toBe(
      '2026-03-09T08:00:00.000Z',
    );
  });

  it('counts a start at night or on a weekend from the next opening', () => {
    // Sat 2026-03-07 03:00 Berlin + 1 h → Mon 09:00 Berlin
    expect(addBusinessHours(at('2026-03-07T02:00:00Z'), 1, berlin).toISOString()).toBe(
      '2026-03-09T08:00:00.000Z',
    );
    // Wed 06:00 Berlin + 1 h → Wed 09:00
    expect(addBusinessHours(at('2026-03-04T05:00:00Z'), 1, berlin).toISOString()).toBe(
      '2026-03-04T08:00:00.000Z',
    );
  });

  it('skips public holidays (Easter: Good Friday and Easter Monday)', () => {
    // Thu 2026-04-02 17:00 Berlin (summer time, UTC+2) + 2 h → Fri and Mon are holidays → Tue 2026-04-07 09:00
    expect(addBusinessHours(at('2026-04-02T15:00:00Z'), 2, berlin).toISOString()).toBe(
      '2026-04-07T07:00:00.000Z',
    );
  });

  it('crosses the change to summer time (29 March 2026) with the wall clock', () => {
    // Fri 2026-03-27 17:00 CET + 2 h → Mon 2026-03-30 09:00 CEST = 07:00Z
    expect(addBusinessHours(at('2026-03-27T16:00:00Z'), 2, berlin).toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
  });

  it('crosses the change back to winter time (25 October 2026)', () => {
    // Fri 2026-10-23 17:00 CEST + 2 h → Mon 2026-10-26 09:00 CET = 08:00Z
    expect(addBusinessHours(at('2026-10-23T15:00:00Z'), 2, berlin).toISOString()).toBe(
      '2026-10-26T08:00:00.000Z',
    );
  });

  it('adds many days: 72 business hours are 7.2 working days', () => {
    // Mon 2026-03-02 08:00 Berlin + 72 h → Wed 2026-03-11 10:00 Berlin
    expect(addBusinessHours(at('2026-03-02T07:00:00Z'), 72, berlin).toISOString()).toBe(
      '2026-03-11T09:00:00.000Z',
    );
  });

  it('returns the start for zero seconds', () => {
    expect(addBusinessSeconds(at('2026-03-07T02:00:00Z'), 0, berlin).toISOString()).toBe(
      '2026-03-07T02:00:00.000Z',
    );
  });
});

describe('businessSecondsBetween', () => {
  it('counts only opening hours across nights and weekends', () => {
    // Fri 17:00 → Mon 09:00 Berlin: 1 h Friday + 1 h Monday
    expect(businessSecondsBetween(at('2026-03-06T16:00:00Z'), at('2026-03-09T08:00:00Z'), berlin)).toBe(7200);
  });

  it('counts nothing on a holiday and nothing for a reversed interval', () => {
    expect(businessSecondsBetween(at('2026-05-01T06:00:00Z'), at('2026-05-01T20:00:00Z'), berlin)).toBe(0);
    expect(businessSecondsBetween(at('2026-03-06T16:00:00Z'), at('2026-03-06T15:00:00Z'), berlin)).toBe(0);
  });

  it('is the inverse of addBusinessSeconds, also over a DST change', () => {
    const start = at('2026-03-26T10:17:00Z');
    for (const hours of [1, 9, 10, 11, 37, 72]) {
      const due = addBusinessHours(start, hours, berlin);
      expect(businessSecondsBetween(start, due, berlin)).toBe(hours * 3600);
    }
  });

  it('tells business time', () => {
    expect(isBusinessTime(at('2026-03-03T09:00:00Z'), berlin)).toBe(true);
    expect(isBusinessTime(at('2026-03-03T17:00:00Z'), berlin)).toBe(false);
    expect(isBusinessTime(at('2026-03-07T09:00:00Z'), berlin)).toBe(false);
  });
});

const ticketAt = (createdAt: string, extra: Record<string, unknown> = {}) => ({
  priority: 'normal' as const,
  category: 'general',
  status: 'open' as const,
  createdAt,
  firstRespondedAt: null,
  resolvedAt: null,
  breached: {},
  ...slaForNewTicket({ priority: 'normal', category: 'general' }, policies, new Date(createdAt)),
  ...extra,
});

describe('SLA due times', () => {
  it('uses the priority targets: urgent in calendar hours, normal in business hours', () => {
    // Fri 2026-03-06 17:00 Berlin
    const now = at('2026-03-06T16:00:00Z');
    expect(dueTimesFor({ priority: 'urgent', category: 'general' }, policies, now)).toEqual({
      slaPolicy: 'urgent',
      firstResponseDueAt: '2026-03-06T17:00:00.000Z',
      resolutionDueAt: '2026-03-07T00:00:00.000Z',
    });
    expect(dueTimesFor({ priority: 'normal', category: 'general' }, policies, now).firstResponseDueAt).toBe(
      '2026-03-09T14:00:00.000Z', // 1 h Friday + 7 h Monday → Mon 15:00 Berlin
    );
  });

  it('lets a complaint policy tighten the targets (2 business hours first response)', () => {
    const now = at('2026-03-03T09:00:00Z');
    const due = dueTimesFor({ priority: 'low', category: 'complaint' }, policies, now);
    expect(due.slaPolicy).toBe('low+complaint');
    expect(due.firstResponseDueAt).toBe('2026-03-03T11:00:00.000Z');
  });

  it('pauses while pending and moves the due times by the paused business time', () => {
    // Opened Tue 10:00 Berlin: first response due 18:00 the same day
    const ticket = ticketAt('2026-03-03T09:00:00Z');
    expect(ticket.firstResponseDueAt).toBe('2026-03-03T17:00:00.000Z');
    const paused = slaForStatusChange(ticket, 'pending', policies, at('2026-03-03T10:00:00Z'));
    expect(paused).toEqual({ slaPausedAt: '2026-03-03T10:00:00.000Z' });
    const pending = { ...ticket, ...paused, status: 'pending' as const };
    // Nothing breaches while paused, even after the old due time
    expect(isBreached(pending, 'firstResponse', at('2026-03-03T18:00:00Z'))).toBe(false);
    // Resumed Wed 10:00 Berlin: 9 business hours paused (11:00–18:00 Tue, 08:00–10:00 Wed)
    const resumed = slaForStatusChange(pending, 'open', policies, at('2026-03-04T09:00:00Z'));
    expect(resumed.slaPausedAt).toBeNull();
    expect(resumed.pausedSeconds).toBe(23 * 3600);
    // Old due Tue 18:00 + 9 business hours → Wed 17:00 Berlin
    expect(resumed.firstResponseDueAt).toBe('2026-03-04T16:00:00.000Z');
  });

  it('recomputes on a priority change and keeps the paused time', () => {
    const ticket = ticketAt('2026-03-03T09:00:00Z', { firstResponseDueAt: '2026-03-04T09:00:00.000Z' });
    // Due Wed 10:00 instead of Tue 18:00: 2 business hours were paused. normal 8 h → high 4 h business
    // from Tue 10:00 = Tue 14:00, plus the 2 paused hours → Tue 16:00 Berlin
    const patch = slaForReclassification(ticket, { priority: 'high', category: 'general' }, policies);
    expect(patch.slaPolicy).toBe('high');
    expect(patch.firstResponseDueAt).toBe('2026-03-03T15:00:00.000Z');
  });

  it('detects a breach only after the due time, once, and not when answered', () => {
    const ticket = ticketAt('2026-03-03T09:00:00Z');
    expect(isBreached(ticket, 'firstResponse', at('2026-03-03T16:59:59Z'))).toBe(false);
    expect(isBreached(ticket, 'firstResponse', at('2026-03-03T17:00:00Z'))).toBe(true);
    expect(
      isBreached(
        { ...ticket, breached: { firstResponse: '2026-03-03T17:00:00.000Z' } },
        'firstResponse',
        at('2026-03-04T00:00:00Z'),
      ),
    ).toBe(false);
    expect(
      isBreached(
        { ...ticket, firstRespondedAt: '2026-03-03T12:00:00.000Z' },
        'firstResponse',
        at('2026-03-04T00:00:00Z'),
      ),
    ).toBe(false);
  });

  it('raises the priority one step, never above urgent', () => {
    expect(['low', 'normal', 'high', 'urgent'].map((p) => raisedPriority(p as 'low'))).toEqual([
      'normal',
      'high',
      'urgent',
      'urgent',
    ]);
  });
});
