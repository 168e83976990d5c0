import { describe, expect, it } from 'vitest';
import { invoke } from '../support/invoke.ts';
import { eventsOf } from '../support/outbox.ts';

const unique = () => Math.random().toString(36).slice(2, 10);

const event = (id: string, body: Record<string, unknown>) =>
  invoke('POST', `/v1/leads/${id}/events`, { body, role: 'marketing' });

describe('lead scoring', () => {
  it('scores the profile at capture and keeps every change in the score history', async () => {
    const created = await invoke('POST', '/v1/leads', {
      body: { email: `profil.${unique()}@example.org`, company: 'Profil GmbH', country: 'de' },
    });
    expect(created.json).toMatchObject({ country: 'DE', score: 20, status: 'new' });
    const id = created.json.id;

    const pricing = await event(id, { type: 'page_view', url: 'https://example.de/preise' });
    expect(pricing.status).toBe(201);
    expect(pricing.json).toMatchObject({ points: 5, qualified: false, lead: { score: 25 } });
    const views = [];
    for (let i = 0; i < 7; i += 1) views.push((await event(id, { type: 'page_view' })).json.points);
    expect(views).toEqual([1, 1, 1, 1, 1, 0, 0]); // at most 5 points a day from page views
    expect((await event(id, { type: 'unsubscribe' })).json.lead.score).toBe(10);

    const history = await invoke('GET', `/v1/leads/${id}/score-history`, { role: 'analyst' });
    expect(history.status).toBe(200);
    expect(
      history.json.items.map((change: { rule: string; points: number; scoreAfter: number }) => [
        change.rule,
        change.points,
        change.scoreAfter,
      ]),
    ).toEqual([
      ['has-company', 10, 10],
      ['country-dach', 10, 20],
      ['pricing-page', 5, 25],
      ['page-view', 1, 26],
      ['page-view', 1, 27],
      ['page-view', 1, 28],
      ['page-view', 1, 29],
      ['page-view', 1, 30],
      ['unsubscribe', -20, 10],
    ]);
    const patched = await invoke('PATCH', `/v1/leads/${id}`, { body: { company: null } });
    expect(patched.json.score).toBe(0);
    expect((await event(id, { type: 'page_view', extra: 1 })).status).toBe(400);
  });

  it('qualifies once under 5 concurrent crossing events and lifts the linked contact to mql', async () => {
    const email = `mql.${unique()}@example.org`;
    const contact = await invoke('POST', '/v1/contacts', {
      body: { firstName: 'Maria', lastName: 'Qualle', email, language: 'de', lifecycleStage: 'lead' },
    });
    const created = await invoke('POST', '/v1/leads', {
      body: { email, company: 'Qualle AG', country: 'AT' },
    });
    const id = created.json.id;
    expect(created.json).toMatchObject({ score: 20, contactId: contact.json.id });

    const answers = await Promise.all(Array.from({ length: 5 }, () => event(id, { type: 'demo_request' })));
    expect(answers.map((answer) => answer.status)).toEqual(Array(5).fill(201));
    expect(answers.filter((answer) => answer.json.qualified)).toHaveLength(1);

    const lead = (await invoke('GET', `/v1/leads/${id}`)).json;
    expect(lead).toMatchObject({ status: 'mql', score: 170 });
    expect(lead.qualifiedAt).toEqual(expect.any(String));
    const qualified = await eventsOf(id, 'lead.qualified');
    expect(qualified).toHaveLength(1);
    expect(qualified[0]?.data).toEqual({
      score: 50,
      threshold: 50,
      ownerId: null,
      contactId: contact.json.id,
      source: 'api',
    });
    expect(await eventsOf(id, 'lead.scored')).toHaveLength(6);
    const updatedContact = await invoke('GET', `/v1/contacts/${contact.json.id}`);
    expect(updatedContact.json).toMatchObject({ lifecycleStage: 'mql', version: 2 });

    // Falling below and crossing again does not qualify a second time.
    await event(id, { type: 'unsubscribe' });
    await event(id, { type: 'demo_request' });
    expect(await eventsOf(id, 'lead.qualified')).toHaveLength(1);
  });

  it('replays a behaviour event sent again with the same Idempotency-Key instead of scoring twice', async () => {
    const created = await invoke('POST', '/v1/leads', { body: { email: `idem.${unique()}@example.org` } });
    const id = created.json.id;
    const call = { body: { type: 'webinar_attended' }, headers: { 'idempotency-key': `k-${id}` } };
    const first = await invoke('POST', `/v1/leads/${id}/events`, call);
    const again = await invoke('POST', `/v1/leads/${id}/events`, call);
    expect(first.json.lead.score).toBe(15);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json).toEqual(first.json);
    expect((await invoke('GET', `/v1/leads/${id}`)).json.score).toBe(15);
    expect((await invoke('GET', `/v1/leads/${id}/score-history`)).json.items).toHaveLength(1);
  });

  it('uses the rules an admin stores in the lead-scoring setting', async () => {
    const setting = await invoke('GET', '/v1/settings/lead-scoring', { role: 'analyst' });
    expect(setting.json.value.mqlThreshold).toBe(50);
    const invalid = await invoke('PUT', '/v1/settings/lead-scoring', {
      body: { value: { ...setting.json.value, mqlThreshold: 0 } },
    });
    expect(invalid.status).toBe(400);
    const stored = await invoke('PUT', '/v1/settings/lead-scoring', {
      body: {
        value: {
          ...setting.json.value,
          behaviour: [{ id: 'whitepaper', type: 'whitepaper_download', points: 40 }],
        },
      },
    });
    expect(stored.status).toBe(200);
    const created = await invoke('POST', '/v1/leads', {
      body: { email: `wp.${unique()}@example.org`, company: 'X' },
    });
    const answer = await event(created.json.id, { type: 'whitepaper_download' });
    expect(answer.json).toMatchObject({ points: 40, qualified: true, lead: { status: 'mql', score: 50 } });
    expect((await event(created.json.id, { type: 'email_open' })).json.points).toBe(0);
    await invoke('PUT', '/v1/settings/lead-scoring', {
      body: { value: setting.json.value },
      headers: { 'if-match': '"1"' },
    });
  });
});

describe('lead assignment', () => {
  const configure = async (team: string, owners: { ownerId: string; capacity: number }[]) => {
    const current = await invoke('GET', '/v1/settings/lead-assignment');
    const rules = [
      { id: `team-${team}`, match: { teams: [team] }, owners },
      ...current.json.value.rules.filter((rule: { id: string }) => rule.id !== `team-${team}`),
    ];
    const stored = await invoke('PUT', '/v1/settings/lead-assignment', {
      body: { value: { rules } },
      headers: current.json.stored ? { 'if-match': `"${current.json.stored.version}"` } : {},
    });
    expect(stored.status).toBe(200);
  };

  it('spreads 8 concurrent captures round-robin within capacity: 3, 3 and 2 unassigned', async () => {
    const team = `t${unique()}`;
    const [a, b] = [`owner-a-${team}`, `owner-b-${team}`];
    await configure(team, [
      { ownerId: a, capacity: 3 },
      { ownerId: b, capacity: 3 },
    ]);
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        invoke('POST', '/v1/leads', { body: { email: `rr${index}.${team}@example.org`, team } }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(201));
    const owners = answers.map((answer) => answer.json.ownerId as string | null);
    expect(owners.filter((owner) => owner === a)).toHaveLength(3);
    expect(owners.filter((owner) => owner === b)).toHaveLength(3);
    expect(owners.filter((owner) => owner === null)).toHaveLength(2);
    const unassigned = answers.find((answer) => answer.json.ownerId === null)?.json.id;
    const said = await eventsOf(unassigned, 'lead.assigned');
    expect(said[0]?.data).toMatchObject({
      ownerId: null,
      outcome: 'capacity_reached',
      ruleId: `team-${team}`,
    });

    // Disqualifying a lead frees its owner's slot; assigning the waiting lead takes it.
    const ofA = answers.find((answer) => answer.json.ownerId === a)?.json.id;
    expect((await invoke('PATCH', `/v1/leads/${ofA}`, { body: { status: 'disqualified' } })).status).toBe(
      200,
    );
    const assigned = await invoke('POST', `/v1/leads/${unassigned}/assign`, {
      body: {},
      role: 'sales_manager',
    });
    expect(assigned.status).toBe(200);
    expect(assigned.json).toMatchObject({ ownerId: a });
    expect(assigned.json.assignedAt).toEqual(expect.any(String));
    const byOwner = await invoke('GET', `/v1/leads?ownerId=${a}&status=new`);
    expect(byOwner.json.items).toHaveLength(3);
  });

  it('alternates owners for sequential captures and assigns by hand when an owner is named', async () => {
    const team = `t${unique()}`;
    await configure(team, [
      { ownerId: `x-${team}`, capacity: 10 },
      { ownerId: `y-${team}`, capacity: 10 },
    ]);
    const owners = [];
    for (let i = 0; i < 4; i += 1) {
      const lead = await invoke('POST', '/v1/leads', {
        body: { email: `seq${i}.${team}@example.org`, team },
      });
      owners.push(lead.json.ownerId);
    }
    expect(owners).toEqual([`x-${team}`, `y-${team}`, `x-${team}`, `y-${team}`]);
    const other = await invoke('POST', '/v1/leads', { body: { email: `solo.${team}@example.org` } });
    expect(other.json.ownerId).toBeNull();
    const manual = await invoke('POST', `/v1/leads/${other.json.id}/assign`, {
      body: { ownerId: 'hand-picked' },
      role: 'sales',
    });
    expect(manual.json.ownerId).toBe('hand-picked');
    expect(
      (await invoke('POST', `/v1/leads/${other.json.id}/assign`, { body: {}, role: 'analyst' })).status,
    ).toBe(403);
  });
});
