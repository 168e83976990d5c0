import { afterEach, describe, expect, it } from 'vitest';
import { setClock } from '#shared/platform/clock.ts';
import { invoke } from '../support/invoke.ts';
import { eventsOf } from '../support/outbox.ts';

const unique = () => Math.random().toString(36).slice(2, 10);

const newAccount = async (): Promise<string> => {
  const created = await invoke('POST', '/v1/accounts', { body: { name: `Müller Maschinenbau ${unique()}` } });
  expect(created.status).toBe(201);
  return created.json.id;
};

const newContact = async (accountId?: string): Promise<string> => {
  const created = await invoke('POST', '/v1/contacts', {
    body: {
      firstName: 'Jürgen',
      lastName: 'Weiß',
      email: `juergen.${unique()}@mueller-maschinenbau.de`,
      ...(accountId ? { accountId } : {}),
    },
  });
  expect(created.status).toBe(201);
  return created.json.id;
};

const deal = (overrides: Record<string, unknown> = {}) => ({
  name: 'Fräsmaschinen 2026',
  amount: { amount: '1000.00', currency: 'EUR' },
  expectedCloseDate: '2026-06-30',
  ...overrides,
});

const createDeal = async (overrides: Record<string, unknown> = {}, role: 'sales' | 'admin' = 'sales') => {
  const created = await invoke('POST', '/v1/opportunities', { body: deal(overrides), role });
  expect(created.status).toBe(201);
  return created.json;
};

const move = (id: string, version: number, body: Record<string, unknown>) =>
  invoke('POST', `/v1/opportunities/${id}/stage`, {
    body,
    role: 'sales',
    headers: { 'if-match': `"${version}"` },
  });

afterEach(() => setClock());

describe('opportunities API', () => {
  it('creates an opportunity in qualification at the configured 10 % with an ETag and an event', async () => {
    const accountId = await newAccount();
    const created = await invoke('POST', '/v1/opportunities', {
      body: deal({ accountId }),
      role: 'sales',
      sub: 'rep-anna',
    });
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.json).toMatchObject({
      stage: 'qualification',
      probability: '10',
      probabilityOverridden: false,
      ownerId: 'rep-anna',
      accountId,
      lostReason: null,
      closedAt: null,
    });
    const events = await eventsOf(created.json.id);
    expect(events.map((event) => event.name)).toEqual(['opportunity.created']);
    expect(JSON.stringify(events)).not.toContain('Fräsmaschinen');
  });

  it('refuses a missing account with 422 and unknown fields and float amounts with 400', async () => {
    const missing = await invoke('POST', '/v1/opportunities', {
      body: deal({ accountId: '01J0000000000000000000ZZZZ' }),
    });
    expect(missing.status).toBe(422);
    const unknown = await invoke('POST', '/v1/opportunities', { body: deal({ color: 'red' }) });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors).toContainEqual({ path: 'color', message: 'Unknown field.' });
    const float = await invoke('POST', '/v1/opportunities', {
      body: deal({ amount: { amount: 1000.1, currency: 'EUR' } }),
    });
    expect(float.status).toBe(400);
    expect(float.json.errors[0].path).toBe('amount.amount');
  });

  it('walks the stages with a timestamped history and stage, won events in the outbox', async () => {
    const start = Date.parse('2026-03-02T09:00:00.000Z');
    const day = 86_400_000;
    setClock({ now: () => new Date(start) });
    const created = await createDeal();
    const id = created.id;

    setClock({ now: () => new Date(start + 3 * day) });
    const proposal = await move(id, 1, { stage: 'proposal' });
    expect(proposal.status).toBe(200);
    expect(proposal.headers.etag).toBe('"2"');
    expect(proposal.json).toMatchObject({ stage: 'proposal', probability: '40' });

    setClock({ now: () => new Date(start + 10 * day) });
    const negotiation = await move(id, 2, { stage: 'negotiation', probability: '80' });
    expect(negotiation.json).toMatchObject({ probability: '80', probabilityOverridden: true });

    setClock({ now: () => new Date(start + 12 * day) });
    const won = await move(id, 3, { stage: 'closed_won' });
    expect(won.json).toMatchObject({
      stage: 'closed_won',
      probability: '100',
      probabilityOverridden: false,
      wonAt: '2026-03-14T09:00:00.000Z',
      closedAt: '2026-03-14T09:00:00.000Z',
      lostAt: null,
    });

    const history = await invoke('GET', `/v1/opportunities/${id}/stage-history`, { role: 'analyst' });
    expect(history.status).toBe(200);
    expect(
      history.json.items.map((item: { from: string; to: string; at: string }) => [
        item.from,
        item.to,
        item.at,
      ]),
    ).toEqual([
      [null, 'qualification', '2026-03-02T09:00:00.000Z'],
      ['qualification', 'proposal', '2026-03-05T09:00:00.000Z'],
      ['proposal', 'negotiation', '2026-03-12T09:00:00.000Z'],
      ['negotiation', 'closed_won', '2026-03-14T09:00:00.000Z'],
    ]);
    expect(history.json.items[1]).toMatchObject({ actorId: 'user-sales', probability: '40' });

    const events = await eventsOf(id);
    const changes = events.filter((event) => event.name === 'opportunity.stage_changed');
    expect(changes.map((event) => [event.data.from, event.data.to, event.data.daysInPreviousStage])).toEqual(
      expect.arrayContaining([
        ['qualification', 'proposal', 3],
        ['proposal', 'negotiation', 7],
        ['negotiation', 'closed_won', 2],
      ]),
    );
    const wonEvents = events.filter((event) => event.name === 'opportunity.won');
    expect(wonEvents).toHaveLength(1);
    expect(wonEvents[0]?.data).toMatchObject({
      amount: { amount: '1000.00', currency: 'EUR' },
      daysToClose: 12,
    });
  });

  it('requires a configured lostReason for closed_lost (400 on lostReason) and emits opportunity.lost', async () => {
    const { id } = await createDeal();
    const without = await move(id, 1, { stage: 'closed_lost' });
    expect(without.status).toBe(400);
    expect(without.json.errors).toContainEqual(expect.objectContaining({ path: 'lostReason' }));
    const unknown = await move(id, 1, { stage: 'closed_lost', lostReason: 'bad_weather' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].path).toBe('lostReason');
    const lost = await move(id, 1, { stage: 'closed_lost', lostReason: 'competitor' });
    expect(lost.status).toBe(200);
    expect(lost.json).toMatchObject({ stage: 'closed_lost', lostReason: 'competitor', probability: '0' });
    const events = await eventsOf(id);
    expect(events.find((event) => event.name === 'opportunity.lost')?.data).toMatchObject({
      lostReason: 'competitor',
      lostFrom: 'qualification',
    });
  });

  it('answers 412 to a stale If-Match on a stage move and on PATCH, and keeps the data', async () => {
    const { id } = await createDeal();
    expect((await move(id, 1, { stage: 'proposal' })).status).toBe(200);
    const stale = await move(id, 1, { stage: 'negotiation' });
    expect(stale.status).toBe(412);
    const stalePatch = await invoke('PATCH', `/v1/opportunities/${id}`, {
      body: { name: 'Neu' },
      role: 'sales',
      headers: { 'if-match': '"1"' },
    });
    expect(stalePatch.status).toBe(412);
    const current = await invoke('GET', `/v1/opportunities/${id}`);
    expect(current.json).toMatchObject({ stage: 'proposal', version: 2 });
    expect(current.json.name).toBe('Fräsmaschinen 2026');
  });

  it('lets PATCH override the probability and hand it back to the stage with null, but not change the stage', async () => {
    const { id } = await createDeal();
    const set = await invoke('PATCH', `/v1/opportunities/${id}`, {
      body: { probability: '25' },
      role: 'sales',
    });
    expect(set.json).toMatchObject({ probability: '25', probabilityOverridden: true });
    const reset = await invoke('PATCH', `/v1/opportunities/${id}`, {
      body: { probability: null },
      role: 'sales',
    });
    expect(reset.json).toMatchObject({ probability: '10', probabilityOverridden: false });
    const stage = await invoke('PATCH', `/v1/opportunities/${id}`, { body: { stage: 'proposal' } });
    expect(stage.status).toBe(400);
  });

  it('adds up a stage exactly to the cent, per currency, with the cards in Kanban order', async () => {
    const ownerId = `rep-${unique()}`;
    for (const [amount, rank] of [
      ['1000.10', 'm'],
      ['2500.55', 'c'],
      ['99.99', 't'],
    ] as const) {
      await createDeal({ ownerId, stage: 'proposal', rank, amount: { amount, currency: 'EUR' } });
    }
    await createDeal({ ownerId, stage: 'proposal', amount: { amount: '10.01', currency: 'USD' } });
    await createDeal({ ownerId, amount: { amount: '500.00', currency: 'EUR' } });

    const board = await invoke('GET', `/v1/pipeline?ownerId=${ownerId}`, { role: 'analyst' });
    expect(board.status).toBe(200);
    expect(board.json.stages.map((stage: { stage: string }) => stage.stage)).toEqual([
      'qualification',
      'proposal',
      'negotiation',
      'closed_won',
      'closed_lost',
    ]);
    const proposal = board.json.stages[1];
    expect(proposal).toMatchObject({
      stage: 'proposal',
      probability: '40',
      count: 4,
      sums: [
        { currency: 'EUR', sum: '3600.64', weightedSum: '1440.26' },
        { currency: 'USD', sum: '10.01', weightedSum: '4.00' },
      ],
    });
    expect(proposal.items.map((item: { amount: { amount: string } }) => item.amount.amount)).toEqual([
      '10.01', // default ranks (time-ordered ULIDs) sort before hand-picked letters
      '2500.55',
      '1000.10',
      '99.99',
    ]);
    expect(board.json.stages[0]).toMatchObject({
      count: 1,
      sums: [{ currency: 'EUR', sum: '500.00', weightedSum: '50.00' }],
    });
    expect(board.json.stages[2]).toMatchObject({ count: 0, sums: [], items: [] });
  });

  it('pages a long column: the board cursor continues the stage list where the board stopped', async () => {
    const ownerId = `rep-${unique()}`;
    for (const rank of ['a', 'b', 'c']) await createDeal({ ownerId, stage: 'negotiation', rank });
    const board = await invoke('GET', `/v1/pipeline?ownerId=${ownerId}&limit=2`);
    const column = board.json.stages[2];
    expect(column.count).toBe(3);
    expect(column.items.map((item: { rank: string }) => item.rank)).toEqual(['a', 'b']);
    const rest = await invoke(
      'GET',
      `/v1/opportunities?ownerId=${ownerId}&stage=negotiation&cursor=${column.nextCursor}`,
    );
    expect(rest.status).toBe(200);
    expect(rest.json.items.map((item: { rank: string }) => item.rank)).toEqual(['c']);
    const forged = await invoke('GET', `/v1/opportunities?stage=proposal&cursor=${column.nextCursor}`);
    expect(forged.status).toBe(400);
  });

  it('moves a card within its column by rank without history or stage event', async () => {
    const { id } = await createDeal();
    const reordered = await move(id, 1, { stage: 'qualification', rank: 'k' });
    expect(reordered.status).toBe(200);
    expect(reordered.json).toMatchObject({ rank: 'k', version: 2 });
    const history = await invoke('GET', `/v1/opportunities/${id}/stage-history`);
    expect(history.json.items).toHaveLength(1);
    const names = (await eventsOf(id)).map((event) => event.name);
    expect(names).not.toContain('opportunity.stage_changed');
  });

  it('forecasts open and won deals by month and by owner, weighted, and leaves lost ones out', async () => {
    const anna = `anna-${unique()}`;
    const ben = `ben-${unique()}`;
    await createDeal({
      ownerId: anna,
      expectedCloseDate: '2031-01-15',
      amount: { amount: '1000.00', currency: 'EUR' },
    });
    await createDeal({
      ownerId: anna,
      stage: 'proposal',
      expectedCloseDate: '2031-01-31',
      amount: { amount: '333.33', currency: 'EUR' },
    });
    await createDeal({
      ownerId: ben,
      stage: 'closed_won',
      expectedCloseDate: '2031-02-01',
      amount: { amount: '250.00', currency: 'EUR' },
    });
    await createDeal({
      ownerId: ben,
      stage: 'closed_lost',
      lostReason: 'price',
      expectedCloseDate: '2031-02-10',
      amount: { amount: '9999.00', currency: 'EUR' },
    });
    await createDeal({ ownerId: ben, expectedCloseDate: '2031-04-01' });

    const byMonth = await invoke('GET', '/v1/forecast?from=2031-01-01&to=2031-03-31&groupBy=month', {
      role: 'analyst',
    });
    expect(byMonth.status).toBe(200);
    expect(byMonth.json.groups).toEqual([
      { key: '2031-01', count: 2, sums: [{ currency: 'EUR', sum: '1333.33', weightedSum: '233.33' }] },
      { key: '2031-02', count: 1, sums: [{ currency: 'EUR', sum: '250.00', weightedSum: '250.00' }] },
    ]);

    const byOwner = await invoke('GET', '/v1/forecast?from=2031-01-01&to=2031-03-31&groupBy=owner');
    expect(byOwner.json.groups).toEqual([
      { key: anna, count: 2, sums: [{ currency: 'EUR', sum: '1333.33', weightedSum: '233.33' }] },
      { key: ben, count: 1, sums: [{ currency: 'EUR', sum: '250.00', weightedSum: '250.00' }] },
    ]);

    const byStage = await invoke('GET', '/v1/forecast?from=2031-01-01&to=2031-03-31&groupBy=stage');
    expect(byStage.json.groups.map((group: { key: string }) => group.key)).toEqual([
      'qualification',
      'proposal',
      'closed_won',
    ]);

    const backwards = await invoke('GET', '/v1/forecast?from=2031-03-31&to=2031-01-01');
    expect(backwards.status).toBe(400);
  });

  it('lets analysts read but not write, sales write but not delete, managers delete', async () => {
    const { id } = await createDeal();
    expect((await invoke('GET', `/v1/opportunities/${id}`, { role: 'analyst' })).status).toBe(200);
    expect((await invoke('GET', '/v1/pipeline', { role: 'analyst' })).status).toBe(200);
    expect((await invoke('POST', '/v1/opportunities', { body: deal(), role: 'analyst' })).status).toBe(403);
    expect(
      (
        await invoke('POST', `/v1/opportunities/${id}/stage`, {
          body: { stage: 'negotiation' },
          role: 'analyst',
        })
      ).status,
    ).toBe(403);
    expect((await invoke('POST', '/v1/opportunities', { body: deal(), role: 'marketing' })).status).toBe(403);
    expect((await invoke('DELETE', `/v1/opportunities/${id}`, { role: 'sales' })).status).toBe(403);
    expect((await invoke('DELETE', `/v1/opportunities/${id}`, { role: 'sales_manager' })).status).toBe(204);
    expect((await invoke('GET', `/v1/opportunities/${id}`)).status).toBe(404);
    expect((await invoke('GET', `/v1/opportunities/${id}/stage-history`)).status).toBe(404);
  });

  it('shows the contact’s opportunities in the 360° view and lists them by contact and account', async () => {
    const accountId = await newAccount();
    const contactId = await newContact(accountId);
    const { id } = await createDeal({ accountId, contactId });
    const view = await invoke('GET', `/v1/contacts/${contactId}/360`);
    expect(view.status).toBe(200);
    expect(view.json.opportunities.map((item: { id: string }) => item.id)).toEqual([id]);
    const byContact = await invoke('GET', `/v1/opportunities?contactId=${contactId}`);
    expect(byContact.json.items.map((item: { id: string }) => item.id)).toEqual([id]);
    const byAccount = await invoke('GET', `/v1/opportunities?accountId=${accountId}&stage=qualification`);
    expect(byAccount.json.items.map((item: { id: string }) => item.id)).toEqual([id]);
    const otherStage = await invoke('GET', `/v1/opportunities?accountId=${accountId}&stage=proposal`);
    expect(otherStage.json.items).toEqual([]);
  });

  it('links activities to an existing opportunity only, and lists them per opportunity', async () => {
    const { id } = await createDeal();
    const call = await invoke('POST', '/v1/activities', {
      body: { type: 'call', subject: 'Angebot besprochen', opportunityId: id },
      role: 'sales',
    });
    expect(call.status).toBe(201);
    const missing = await invoke('POST', '/v1/activities', {
      body: { type: 'call', subject: 'Ins Leere', opportunityId: '01J0000000000000000000ZZZZ' },
      role: 'sales',
    });
    expect(missing.status).toBe(422);
    const list = await invoke('GET', `/v1/activities?opportunityId=${id}`);
    expect(list.json.items.map((item: { id: string }) => item.id)).toEqual([call.json.id]);
  });

  it('takes stage probabilities from the opportunity-stages setting', async () => {
    const stages = [
      { name: 'qualification', probability: '15' },
      { name: 'proposal', probability: '35.5' },
      { name: 'negotiation', probability: '75' },
      { name: 'closed_won', probability: '100' },
      { name: 'closed_lost', probability: '0' },
    ];
    const invalid = await invoke('PUT', '/v1/settings/opportunity-stages', {
      body: { value: { stages: stages.slice(0, 4) } },
    });
    expect(invalid.status).toBe(400);
    const stored = await invoke('PUT', '/v1/settings/opportunity-stages', { body: { value: { stages } } });
    expect(stored.status).toBe(200);
    const { id } = await createDeal();
    const moved = await move(id, 1, { stage: 'proposal' });
    expect(moved.json.probability).toBe('35.5');
  });
});
