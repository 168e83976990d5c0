import { addBusinessSeconds, businessSecondsBetween } from '#shared/sla/business-time.ts';
import type { SlaPolicies, SlaTarget } from '#shared/sla/sla.settings.ts';
import type { Ticket, TicketPriority, TicketStatus } from './ticket.schema.ts';

/**
 * SLA due times of a ticket (pure functions; the ticket service calls them when it writes):
 * - `slaForNewTicket` when a ticket is opened,
 * - `slaForReclassification` when priority or category change,
 * - `slaForStatusChange` when the status changes (pending pauses the clock, leaving it resumes).
 * Each returns a patch of the ticket's SLA fields; the schedules follow from `ticket.*` events.
 */
export type SlaTargetName = 'firstResponse' | 'resolution';
export const SLA_TARGETS: readonly SlaTargetName[] = ['firstResponse', 'resolution'];

export type SlaFields = Pick<
  Ticket,
  'slaPolicy' | 'firstResponseDueAt' | 'resolutionDueAt' | 'slaPausedAt' | 'pausedSeconds'
>;

type Classified = Pick<Ticket, 'priority' | 'category'>;

const DUE_FIELD = { firstResponse: 'firstResponseDueAt', resolution: 'resolutionDueAt' } as const;
export const dueFieldOf = (target: SlaTargetName) => DUE_FIELD[target];

/** The targets in force for a priority and category, and the policy's name (`high`, `high+complaint`). */
export const policyFor = (
  ticket: Classified,
  policies: SlaPolicies,
): { name: string; targets: Record<SlaTargetName, SlaTarget[]> } => {
  const base = policies.priorities[ticket.priority];
  const category = policies.categories[ticket.category];
  return {
    name: category ? `${ticket.priority}+${ticket.category}` : ticket.priority,
    targets: {
      firstResponse: [base.firstResponse, ...(category ? [category.firstResponse] : [])],
      resolution: [base.resolution, ...(category ? [category.resolution] : [])],
    },
  };
};

/** The instant a target is due when its clock starts at `start`. */
export const dueAfter = (start: Date, target: SlaTarget, policies: SlaPolicies): Date =>
  target.mode === 'business'
    ? addBusinessSeconds(start, Math.round(target.hours * 3600), policies.calendar)
    : new Date(start.getTime() + Math.round(target.hours * 3600) * 1000);

/** The earliest due time of several targets (a category policy only tightens the priority's). */
const earliest = (start: Date, targets: SlaTarget[], policies: SlaPolicies): Date =>
  new Date(Math.min(...targets.map((target) => dueAfter(start, target, policies).getTime())));

/** The target of a list that decides the due time (for the mode its pauses are measured in). */
const decisive = (start: Date, targets: SlaTarget[], policies: SlaPolicies): SlaTarget => {
  const due = earliest(start, targets, policies).getTime();
  return (
    targets.find((target) => dueAfter(start, target, policies).getTime() === due) ?? (targets[0] as SlaTarget)
  );
};

/** First-response and resolution due times of a ticket whose SLA clock starts at `now`. */
export const dueTimesFor = (
  ticket: Classified,
  policies: SlaPolicies,
  now: Date,
): { slaPolicy: string; firstResponseDueAt: string; resolutionDueAt: string } => {
  const policy = policyFor(ticket, policies);
  return {
    slaPolicy: policy.name,
    firstResponseDueAt: earliest(now, policy.targets.firstResponse, policies).toISOString(),
    resolutionDueAt: earliest(now, policy.targets.resolution, policies).toISOString(),
  };
};

/** The SLA fields of a new ticket (`openTicket`): clock started now, not paused. */
export const slaForNewTicket = (ticket: Classified, policies: SlaPolicies, now: Date): SlaFields => ({
  ...dueTimesFor(ticket, policies, now),
  slaPausedAt: null,
  pausedSeconds: 0,
});

/** Paused time of an interval, in the unit a target counts in. */
const pausedIn = (target: SlaTarget, from: Date, to: Date, policies: SlaPolicies): number =>
  target.mode === 'business'
    ? businessSecondsBetween(from, to, policies.calendar)
    : Math.max(0, Math.floor((to.getTime() - from.getTime()) / 1000));

/** A due time moved by paused seconds in the target's unit. */
const shifted = (due: Date, seconds: number, target: SlaTarget, policies: SlaPolicies): Date =>
  target.mode === 'business'
    ? addBusinessSeconds(due, seconds, policies.calendar)
    : new Date(due.getTime() + seconds * 1000);

/** Whether a target still runs (not met). */
export const targetOpen = (
  ticket: Pick<Ticket, 'firstRespondedAt' | 'resolvedAt' | 'status'>,
  target: SlaTargetName,
) =>
  target === 'firstResponse'
    ? !ticket.firstRespondedAt && ticket.status !== 'resolved' && ticket.status !== 'closed'
    : !ticket.resolvedAt && ticket.status !== 'resolved' && ticket.status !== 'closed';

type StatusTicket = Pick<
  Ticket,
  | 'priority'
  | 'category'
  | 'status'
  | 'createdAt'
  | 'firstRespondedAt'
  | 'resolvedAt'
  | 'slaPolicy'
  | 'firstResponseDueAt'
  | 'resolutionDueAt'
  | 'slaPausedAt'
  | 'pausedSeconds'
>;

/**
 * Due times moved by the pause that ends at `now` (the ticket leaves `pending`, `slaPausedAt` set):
 * each open target moves by the paused time in its unit (business seconds for business targets).
 * Call it before clearing `slaPausedAt`; without a running pause it returns {}.
 */
export const dueTimesAfterPause = (
  ticket: StatusTicket,
  policies: SlaPolicies,
  now: Date,
): Partial<Pick<SlaFields, 'firstResponseDueAt' | 'resolutionDueAt'>> => {
  if (!ticket.slaPausedAt) return {};
  const pausedAt = new Date(ticket.slaPausedAt);
  const policy = policyFor(ticket, policies);
  const start = new Date(ticket.createdAt);
  const patch: Partial<Pick<SlaFields, 'firstResponseDueAt' | 'resolutionDueAt'>> = {};
  for (const target of SLA_TARGETS) {
    const due = ticket[DUE_FIELD[target]];
    if (!due || !targetOpen(ticket, target)) continue;
    const mode = decisive(start, policy.targets[target], policies);
    patch[DUE_FIELD[target]] = shifted(
      new Date(due),
      pausedIn(mode, pausedAt, now, policies),
      mode,
      policies,
    ).toISOString();
  }
  return patch;
};

/**
 * The whole SLA patch for a status change, for a caller that keeps no pause bookkeeping of its own.
 * Into `pending`: the clock stops (`slaPausedAt` = now). Out of `pending`: `dueTimesAfterPause`,
 * `pausedSeconds` grows by the paused calendar seconds, `slaPausedAt` is cleared. Otherwise {}.
 */
export const slaForStatusChange = (
  ticket: StatusTicket,
  nextStatus: TicketStatus,
  policies: SlaPolicies,
  now: Date,
): Partial<SlaFields> => {
  if (nextStatus === 'pending' && !ticket.slaPausedAt) return { slaPausedAt: now.toISOString() };
  if (nextStatus === 'pending' || !ticket.slaPausedAt) return {};
  const pausedFor = Math.max(0, Math.floor((now.getTime() - Date.parse(ticket.slaPausedAt)) / 1000));
  return {
    ...dueTimesAfterPause(ticket, policies, now),
    slaPausedAt: null,
    pausedSeconds: ticket.pausedSeconds + pausedFor,
  };
};

/**
 * The SLA patch when priority or category change: due times recomputed from the ticket's creation
 * under the new policy, carrying over the time already paused (measured from the old due times when
 * the counting unit stays the same; across a calendar ↔ business change the calendar pause counts
 * for calendar targets only). A target already met keeps its due time.
 */
export const slaForReclassification = (
  ticket: StatusTicket,
  next: { priority: TicketPriority; category: string },
  policies: SlaPolicies,
): Partial<SlaFields> => {
  const start = new Date(ticket.createdAt);
  const before = policyFor(ticket, policies);
  const after = policyFor(next, policies);
  const patch: Partial<SlaFields> = { slaPolicy: after.name };
  for (const target of SLA_TARGETS) {
    if (!targetOpen(ticket, target)) continue;
    const oldMode = decisive(start, before.targets[target], policies);
    const newMode = decisive(start, after.targets[target], policies);
    const oldUnpaused = earliest(start, before.targets[target], policies);
    const oldDue = ticket[DUE_FIELD[target]];
    let paused = 0;
    if (oldDue && oldMode.mode === newMode.mode)
      paused = pausedIn(oldMode, oldUnpaused, new Date(oldDue), policies);
    else if (newMode.mode === 'calendar') paused = ticket.pausedSeconds;
    // A running pause is added when the ticket leaves pending (slaForStatusChange).
    patch[DUE_FIELD[target]] = shifted(
      earliest(start, after.targets[target], policies),
      paused,
      newMode,
      policies,
    ).toISOString();
  }
  return patch;
};

/** Whether a target counts as breached now: still open, due time passed, not paused, not yet recorded. */
export const isBreached = (
  ticket: StatusTicket & Pick<Ticket, 'breached'>,
  target: SlaTargetName,
  now: Date,
): boolean => {
  const due = ticket[DUE_FIELD[target]];
  return (
    !!due &&
    !ticket.slaPausedAt &&
    ticket.status !== 'pending' &&
    !ticket.breached[target] &&
    targetOpen(ticket, target) &&
    Date.parse(due) <= now.getTime()
  );
};

/** One priority step up (not above urgent). */
export const raisedPriority = (priority: TicketPriority): TicketPriority =>
  priority === 'low' ? 'normal' : priority === 'normal' ? 'high' : 'urgent';
