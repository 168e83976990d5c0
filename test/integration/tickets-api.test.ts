import { afterEach, describe, expect, it } from 'vitest';
import { setClock } from '#shared/platform/clock.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { findTicket, recordSurveyAnswer } from '#shared/tickets/ticket.service.ts';
import { invoke } from '../support/invoke.ts';
import { eventsOf } from '../support/outbox.ts';

const unique = () => Math.random().toString(36).slice(2, 10);

const open = async (body: Record<string, unknown>, role: 'service' | 'sales' | 'admin' = 'service') => {
  const answer = await invoke('POST', '/v1/tickets', {
    body: { description: 'Bitte um Hilfe.', email: `kunde.${unique()}@example.de`, ...body },
    role,
  });
  expect(answer.status).toBe(201);
  return answer.json;
};

afterEach(() => setClock());

describe('opening tickets', () => {
  it('routes "Defektes Produkt" to Technischer Support with priority high, numbered and without personal data in events', async () => {
    const ticket = await open({ subject: 'Defektes Produkt', channel: 'email', name: 'Anna Schmidt' });
    expect(ticket).toMatchObject({
      priority: 'high',
      team: 'Technischer Support',
      category: 'defect',
      status: 'new',
      channel: 'email',
      language: 'de',
      matchedRules: ['defect'],
    });
    expect(ticket.number).toMatch(/^T-\d{4}-\d{6}$/);
    expect(ticket.firstResponseDueAt).toBeTruthy();
    const [opened] = await eventsOf(ticket.id, 'ticket.opened');
    expect(opened?.data).toMatchObject({ priority: 'high', team: 'Technischer Support', category: 'defect' });
    expect(JSON.stringify(opened)).not.toMatch(/Anna|Defektes|example\.de/);
    const messages = await invoke('GET', `/v1/tickets/${ticket.id}/messages`, { role: 'analyst' });
    expect(messages.json.items).toMatchObject([{ direction: 'inbound', text: 'Bitte um Hilfe.' }]);
  });

  it('gives complaints their own category and bills to Buchhaltung, umlaut-tolerant', async () => {
    const complaint = await open({ subject: 'Ich bin sehr UNZUFRIEDEN mit der Lieferung' });
    expect(complaint).toMatchObject({ category: 'complaint', team: 'Kundenservice', priority: 'normal' });
    const beschwerde = await open({ subject: 'Lieferung', description: 'Hiermit eine Beschwerde.' });
    expect(beschwerde.category).toBe('complaint');
    const invoice = await open({ subject: 'Frage zur Rechnung 4711' });
    expect(invoice).toMatchObject({ team: 'Buchhaltung', category: 'billing' });
    const other = await open({ subject: 'Öffnungszeiten?' });
    expect(other).toMatchObject({ team: 'Kundenservice', priority: 'normal', category: 'general' });
    const explicit = await open({ subject: 'Defekt', priority: 'low', team: 'Vertrieb' });
    expect(explicit).toMatchObject({ priority: 'low', team: 'Vertrieb', category: 'defect' });
  });

  it('matches the contact by email and creates it when unknown; finds it by number', async () => {
    const email = `neu.${unique()}@example.de`;
    const first = await open({ subject: 'Frage', email: email.toUpperCase(), name: 'Jörg Müller' });
    const contact = await invoke('GET', `/v1/contacts/${first.contactId}`);
    expect(contact.json).toMatchObject({ email, firstName: 'Jörg', lastName: 'Müller' });
    expect((await eventsOf(first.id, 'ticket.opened'))[0]?.data.contactCreated).toBe(true);
    const second = await open({ subject: 'Noch eine Frage', email });
    expect(second.contactId).toBe(first.contactId);
    expect((await eventsOf(second.id, 'ticket.opened'))[0]?.data.contactCreated).toBe(false);
    const byId = await open({ subject: 'Per Id', contactId: first.contactId, email: undefined });
    expect(byId.contactId).toBe(first.contactId);
    const view = await invoke('GET', `/v1/contacts/${first.contactId}/360`, { role: 'sales' });
    expect(view.json.tickets.map((ticket: { id: string }) => ticket.id).sort()).toEqual(
      [first.id, second.id, byId.id].sort(),
    );
    const list = await invoke('GET', `/v1/tickets?contactId=${first.contactId}`, { role: 'analyst' });
    expect(list.json.items).toHaveLength(3);
    const { findTicketByNumber } = await import('#shared/tickets/ticket.service.ts');
    expect((await findTicketByNumber(first.number.toLowerCase()))?.id).toBe(first.id);
  });

  it('checks roles: sales may open and read, marketing and analysts only read, service works', async () => {
    const ticket = await open({ subject: 'Von Sales' }, 'sales');
    const body = { subject: 'x', description: 'y', email: 'a@example.de' };
    expect((await invoke('POST', '/v1/tickets', { body, role: 'marketing' })).status).toBe(403);
    expect((await invoke('POST', '/v1/tickets', { body, role: 'analyst' })).status).toBe(403);
    expect((await invoke('GET', `/v1/tickets/${ticket.id}`, { role: 'marketing' })).status).toBe(200);
    const patch = { body: { priority: 'high' } };
    expect((await invoke('PATCH', `/v1/tickets/${ticket.id}`, { ...patch, role: 'sales' })).status).toBe(403);
    expect(
      (await invoke('POST', `/v1/tickets/${ticket.id}/resolve`, { body: {}, role: 'sales' })).status,
    ).toBe(403);
    expect((await invoke('PATCH', `/v1/tickets/${ticket.id}`, { ...patch, role: 'service' })).status).toBe(
      200,
    );
    expect((await invoke('GET', '/v1/tickets', { role: 'analyst' })).status).toBe(400);
  });
});

describe('history and queues', () => {
  it('records every change with field, from, to and actor; honours If-Match', async () => {
    const ticket = await open({ subject: 'Frage' });
    const stale = await invoke('PATCH', `/v1/tickets/${ticket.id}`, {
      body: { priority: 'urgent' },
      headers: { 'if-match': '"9"' },
      role: 'service',
    });
    expect(stale.status).toBe(412);
    const patched = await invoke('PATCH', `/v1/tickets/${ticket.id}`, {
      body: { priority: 'urgent', status: 'open' },
      headers: { 'if-match': '"1"' },
      role: 'service',
      sub: 'agent-x',
    });
    expect(patched.json).toMatchObject({ priority: 'urgent', status: 'open', version: 2 });
    const history = (await invoke('GET', `/v1/tickets/${ticket.id}/history`, { role: 'analyst' })).json.items;
    expect(history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'status', from: null, to: 'new' }),
        expect.objectContaining({ field: 'priority', from: 'normal', to: 'urgent', actor: 'agent-x' }),
        expect.objectContaining({ field: 'status', from: 'new', to: 'open', actor: 'agent-x' }),
      ]),
    );
    // The SLA policy follows the priority.
    expect(history.some((entry: { field: string }) => entry.field === 'slaPolicy')).toBe(true);
    expect(await eventsOf(ticket.id, 'ticket.updated')).toHaveLength(1);
  });

  it('lists a team queue by priority, then due time', async () => {
    const team = `Team ${unique()}`;
    const low = await open({ subject: 'a', team, priority: 'low' });
    const urgent = await open({ subject: 'b', team, priority: 'urgent' });
    const normal1 = await open({ subject: 'c', team, priority: 'normal' });
    const high = await open({ subject: 'd', team, priority: 'high' });
    const normal2 = await open({ subject: 'e', team, priority: 'normal' });
    const resolved = await open({ subject: 'f', team, priority: 'urgent' });
    await invoke('POST', `/v1/tickets/${resolved.id}/resolve`, { body: {}, role: 'service' });
    const queue = await invoke('GET', `/v1/tickets?team=${encodeURIComponent(team)}&status=new`, {
      role: 'service',
    });
    expect(queue.json.items.map((ticket: { id: string }) => ticket.id)).toEqual([
      urgent.id,
      high.id,
      normal1.id,
      normal2.id,
      low.id,
    ]);
    const all = await invoke('GET', `/v1/tickets?team=${encodeURIComponent(team)}`, { role: 'service' });
    expect(all.json.items.at(-1).id).toBe(resolved.id);
  });
});

describe('auto-assignment', () => {
  it('picks the least-loaded agent with the skills, within capacity, under concurrency', async () => {
    const team = `Team ${unique()}`;
    const [a, b, c] = ['agent-a', 'agent-b', 'agent-c'].map((name) => `${name}-${unique()}`);
    const rules = await invoke('GET', '/v1/settings/ticket-rules');
    const storedRules = await invoke('PUT', '/v1/settings/ticket-rules', {
      body: {
        value: {
          ...rules.json.value,
          rules: [
            { id: 'robots', match: { subject: ['roboter'] }, set: { team, skills: ['robotik'] } },
            ...rules.json.value.rules,
          ],
        },
      },
      headers: rules.json.stored ? { 'if-match': `"${rules.json.stored.version}"` } : {},
    });
    expect(storedRules.status).toBe(200);
    const assignment = await invoke('PUT', '/v1/settings/ticket-assignment', {
      body: {
        value: {
          teams: [
            {
              team,
              agents: [
                { agentId: a, skills: ['Robotik'], capacity: 3 },
                { agentId: b, skills: ['robotik', 'sps'], capacity: 3 },
                { agentId: c, skills: [], capacity: 10 },
              ],
            },
          ],
        },
      },
    });
    expect(assignment.status).toBe(200);
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        invoke('POST', '/v1/tickets', {
          body: {
            subject: `Roboter steht ${index}`,
            description: 'Fehler 17',
            email: `r${index}.${unique()}@x.de`,
          },
          role: 'service',
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(201));
    const assignees = answers.map((answer) => answer.json.assigneeId ?? null);
    expect(assignees.filter((id) => id === a)).toHaveLength(3);
    expect(assignees.filter((id) => id === b)).toHaveLength(3);
    expect(assignees.filter((id) => id === null)).toHaveLength(2);
    expect(assignees).not.toContain(c);
    const mine = await invoke('GET', '/v1/tickets?mine=true', { role: 'service', sub: a });
    expect(mine.json.items).toHaveLength(3);
    // Resolving frees a slot: the next robot ticket goes to a.
    const ofA = answers.find((answer) => answer.json.assigneeId === a)?.json;
    await invoke('POST', `/v1/tickets/${ofA.id}/resolve`, { body: {}, role: 'service' });
    expect(
      (await invoke('GET', '/v1/tickets?mine=true', { role: 'service', sub: a })).json.items,
    ).toHaveLength(2);
    const next = await open({ subject: 'Roboter wieder' });
    expect(next.assigneeId).toBe(a);
    const unassigned = answers.find((answer) => !answer.json.assigneeId)?.json;
    const manual = await invoke('POST', `/v1/tickets/${unassigned.id}/assign`, {
      body: { assigneeId: c },
      role: 'service',
    });
    expect(manual.json.assigneeId).toBe(c);
    const [assigned] = await eventsOf(unassigned.id, 'ticket.assigned').then((events) =>
      events.filter((event) => event.data.outcome === 'manual'),
    );
    expect(assigned?.data).toMatchObject({ assigneeId: c, previousAssigneeId: null });
    await invoke('PUT', '/v1/settings/ticket-rules', {
      body: { value: rules.json.value },
      headers: { 'if-match': `"${storedRules.json.stored?.version ?? storedRules.json.version}"` },
    });
  });
});

describe('KPIs', () => {
  const at = (iso: string) => setClock({ now: () => new Date(iso) });

  it('records first response, handling time without pauses, FCR, reopens, CSAT and NPS', async () => {
    at('2026-03-02T09:00:00.000Z');
    const ticket = await open({ subject: 'Frage zur Lieferung' });
    at('2026-03-02T09:30:00.000Z');
    const note = await invoke('POST', `/v1/tickets/${ticket.id}/messages`, {
      body: { direction: 'internal', text: 'Lager fragen.' },
      role: 'service',
    });
    expect(note.json.ticket.firstRespondedAt).toBeNull();
    at('2026-03-02T09:45:00.000Z');
    const reply = await invoke('POST', `/v1/tickets/${ticket.id}/messages`, {
      body: { direction: 'outbound', text: 'Ist unterwegs.' },
      role: 'service',
    });
    expect(reply.status).toBe(201);
    expect(reply.json.ticket).toMatchObject({ status: 'open', firstResponseSeconds: 2700, messageCount: 3 });
    expect(reply.json.message).toMatchObject({
      direction: 'outbound',
      subject: `[${ticket.number}] Frage zur Lieferung`,
    });
    const [added] = await eventsOf(ticket.id, 'ticket.message_added').then((events) =>
      events.filter((event) => event.data.direction === 'outbound'),
    );
    expect(added?.data).toMatchObject({ firstResponse: true, deliver: true });
    at('2026-03-02T10:00:00.000Z');
    await invoke('PATCH', `/v1/tickets/${ticket.id}`, { body: { status: 'pending' }, role: 'service' });
    at('2026-03-02T12:00:00.000Z');
    await invoke('PATCH', `/v1/tickets/${ticket.id}`, { body: { status: 'open' }, role: 'service' });
    at('2026-03-02T14:00:00.000Z');
    const resolved = await invoke('POST', `/v1/tickets/${ticket.id}/resolve`, { body: {}, role: 'service' });
    expect(resolved.json).toMatchObject({
      status: 'resolved',
      handlingSeconds: 3 * 3600,
      pausedSeconds: 2 * 3600,
      firstContactResolution: true,
      reopenCount: 0,
    });
    const [event] = await eventsOf(ticket.id, 'ticket.resolved');
    expect(event?.data).toMatchObject({ handlingSeconds: 10800, firstContactResolution: true });
    at('2026-03-03T08:00:00.000Z');
    const reopened = await invoke('POST', `/v1/tickets/${ticket.id}/reopen`, { body: {}, role: 'service' });
    expect(reopened.json).toMatchObject({ status: 'open', reopenCount: 1, firstContactResolution: false });
    at('2026-03-03T09:00:00.000Z');
    const again = await invoke('POST', `/v1/tickets/${ticket.id}/resolve`, { body: {}, role: 'service' });
    // 24 h since opening, minus 2 h pending and 18 h resolved.
    expect(again.json).toMatchObject({ handlingSeconds: 4 * 3600, firstContactResolution: false });
    const uow = new UnitOfWork({ type: 'system', id: 'surveys' });
    await recordSurveyAnswer(ticket.id, { csat: 5, nps: 9 }, uow);
    await uow.commit();
    expect(await findTicket(ticket.id)).toMatchObject({ csat: 5, nps: 9 });
    const closed = await invoke('POST', `/v1/tickets/${ticket.id}/close`, { body: {}, role: 'service' });
    expect(closed.json).toMatchObject({ status: 'closed', closedAt: '2026-03-03T09:00:00.000Z' });
    const refused = await invoke('POST', `/v1/tickets/${ticket.id}/messages`, {
      body: { direction: 'outbound', text: 'Nachtrag' },
      role: 'service',
    });
    expect(refused.status).toBe(422);
  });

  it('reopens a resolved ticket when the customer writes again', async () => {
    const ticket = await open({ subject: 'Frage' });
    await invoke('POST', `/v1/tickets/${ticket.id}/resolve`, { body: {}, role: 'service' });
    const inbound = await invoke('POST', `/v1/tickets/${ticket.id}/messages`, {
      body: { direction: 'inbound', text: 'Geht doch nicht.' },
      role: 'service',
    });
    expect(inbound.json.ticket).toMatchObject({ status: 'open', reopenCount: 1 });
    expect(await eventsOf(ticket.id, 'ticket.reopened')).toHaveLength(1);
  });
});
