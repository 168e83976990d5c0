import { getItem } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError, conflict } from '#shared/platform/errors.ts';
import { agentLoadKey } from './ticket.entity.ts';
import { OPEN_TICKET_STATUSES, type Ticket } from './ticket.schema.ts';
import type { TicketAgent, TicketAssignment } from './ticket.settings.ts';

/** What automatic assignment decided; the load write that makes it true is already in the unit of work. */
export type TicketAssignmentOutcome =
  | { outcome: 'assigned'; assigneeId: string }
  | { outcome: 'no_agent' | 'capacity_reached'; assigneeId: null };

/** Raised when an agent's load moved under us: the caller re-reads and tries again. */
export const ticketAssignmentRace = () =>
  new AppError('conflict', 'Another assignment changed this agent’s load at the same moment; retry.', {
    headers: { 'retry-after': '1' },
  });

/** True while a ticket occupies a slot of its assignee's capacity. */
export const holdsTicketSlot = (ticket: Pick<Ticket, 'assigneeId' | 'status'> | undefined): boolean =>
  Boolean(ticket?.assigneeId) && OPEN_TICKET_STATUSES.includes(ticket?.status ?? 'closed');

/** Moves an agent's count of open tickets by `delta` (no capacity check: releases and manual picks). */
const adjustAgentLoad = (uow: UnitOfWork, agentId: string, delta: number): void => {
  uow.update(
    agentLoadKey(agentId),
    {
      UpdateExpression: 'SET entity = :entity, agentId = :agent ADD openTickets :delta',
      ExpressionAttributeValues: { ':entity': 'agent-load', ':agent': agentId, ':delta': delta },
    },
    () => conflict('Agent load update failed; retry.'),
  );
};

/** The load writes of a ticket's slot moving from one agent to another (either may be none). */
export const moveTicketSlot = (
  uow: UnitOfWork,
  before: Pick<Ticket, 'assigneeId' | 'status'> | undefined,
  after: Pick<Ticket, 'assigneeId' | 'status'> | undefined,
): void => {
  const from = before && holdsTicketSlot(before) ? before.assigneeId : null;
  const to = after && holdsTicketSlot(after) ? after.assigneeId : null;
  if (from === to) return;
  if (from) adjustAgentLoad(uow, from, -1);
  if (to) adjustAgentLoad(uow, to, 1);
};

const qualifies = (agent: TicketAgent, ticket: Pick<Ticket, 'skills' | 'language'>): boolean =>
  ticket.skills.every((skill) => agent.skills.some((own) => own.toLowerCase() === skill.toLowerCase())) &&
  (!agent.languages || agent.languages.includes(ticket.language));

/**
 * Least-loaded assignment within the ticket's team, among agents with the skills (and language) the
 * ticket needs. Reads the candidates' loads, picks the lowest with room (ties by agent id), and adds
 * one conditional write to the ticket's transaction: the load grows only if it is still the value
 * read and below capacity. A concurrent assignment fails the condition; the caller retries with
 * fresh reads, so loads stay balanced and nobody exceeds capacity.
 */
export const planTicketAssignment = async (
  uow: UnitOfWork,
  ticket: Pick<Ticket, 'team' | 'skills' | 'language'>,
  settings: TicketAssignment,
): Promise<TicketAssignmentOutcome> => {
  const team = settings.teams.find((entry) => entry.team.toLowerCase() === ticket.team.toLowerCase());
  const candidates = (team?.agents ?? []).filter((agent) => agent.capacity > 0 && qualifies(agent, ticket));
  if (candidates.length === 0) return { outcome: 'no_agent', assigneeId: null };
  const loads = await Promise.all(candidates.map((agent) => getItem(agentLoadKey(agent.agentId))));
  const ranked = candidates
    .map((agent, index) => ({ agent, load: Number(loads[index]?.openTickets ?? 0), exists: !!loads[index] }))
    .filter((entry) => entry.load < entry.agent.capacity)
    .sort((a, b) => a.load - b.load || (a.agent.agentId < b.agent.agentId ? -1 : 1));
  const pick = ranked[0];
  if (!pick) return { outcome: 'capacity_reached', assigneeId: null };
  uow.update(
    agentLoadKey(pick.agent.agentId),
    {
      UpdateExpression: 'SET entity = :entity, agentId = :agent ADD openTickets :one',
      ConditionExpression: pick.exists
        ? 'openTickets = :seen AND openTickets < :capacity'
        : 'attribute_not_exists(pk)',
      ExpressionAttributeValues: {
        ':entity': 'agent-load',
        ':agent': pick.agent.agentId,
        ':one': 1,
        ...(pick.exists ? { ':seen': pick.load, ':capacity': pick.agent.capacity } : {}),
      },
    },
    ticketAssignmentRace,
    3,
  );
  return { outcome: 'assigned', assigneeId: pick.agent.agentId };
};
