import { beforeAll, describe, expect, it } from 'vitest';
import { KPI_NAMES } from '#shared/analytics/kpi-names.ts';
import { ownerLoadKey } from '#shared/leads/lead.entity.ts';
import { leadAssignmentSetting } from '#shared/leads/lead.settings.ts';
import { dynamoRequests, resetDynamoRequests } from '#shared/platform/db/client.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import { clearSettingsCache, writeSetting } from '#shared/platform/settings.ts';
import { agentLoadKey } from '#shared/tickets/ticket.entity.ts';
import { ticketAssignmentSetting } from '#shared/tickets/ticket.settings.ts';
import { KPI_EXPECTED, KPI_PERIOD, kpiScenarioEvents } from '../fixtures/kpi-scenario.ts';
import { invoke } from '../support/invoke.ts';
import { feedReports, reportedOnly, storeScenarioCampaigns } from '../support/kpi-scenario-feed.ts';

const routed = reportedOnly(kpiScenarioEvents);
const PERIOD = `from=${KPI_PERIOD.from}&to=${KPI_PERIOD.to}`;

type Kpi = {
  name: string;
  group: string;
  columns: string[];
  rows: Record<string, unknown>[];
  links: unknown[];
};

describe('dashboards API over the KPI scenario (test/fixtures/kpi-scenario.ts)', () => {
  beforeAll(async () => {
    await storeScenarioCampaigns();
    // Newest first: first orders, order gaps and click attribution must not depend on arrival order.
    await feedReports([...routed].reverse());
    // Every event again (SQS redelivers): the claims keep every counter where it was.
    await feedReports(routed);
  }, 120_000);

  it('answers every KPI of docs/kpis.md with the hand-computed rows of the fixture', async () => {
    resetDynamoRequests();
    const answer = await invoke('GET', `/v1/reports/kpis?${PERIOD}`, { role: 'analyst' });
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    const kpis = answer.json.kpis as Kpi[];
    expect(kpis.map((kpi) => kpi.name)).toEqual([...KPI_NAMES]);
    for (const kpi of kpis) {
      expect(kpi.rows, kpi.name).toEqual(KPI_EXPECTED[kpi.name as keyof typeof KPI_EXPECTED]);
      for (const row of kpi.rows) expect(Object.keys(row), kpi.name).toEqual(kpi.columns);
    }
    // Counters, not a Scan: a few Queries and the campaigns' GetItems.
    expect(dynamoRequests().ScanCommand).toBeUndefined();
  });

  it('returns each dashboard with the KPIs of its group and their drill-down links', async () => {
    const groups = { sales: 6, marketing: 4, service: 5, customers: 3 } as const;
    for (const [group, count] of Object.entries(groups)) {
      const answer = await invoke('GET', `/v1/reports/dashboards/${group}?${PERIOD}`, { role: 'admin' });
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
      const kpis = answer.json.kpis as Kpi[];
      expect(kpis).toHaveLength(count);
      for (const kpi of kpis) {
        expect(kpi.group).toBe(group);
        expect(kpi.rows).toEqual(KPI_EXPECTED[kpi.name as keyof typeof KPI_EXPECTED]);
        expect(kpi.links.length, kpi.name).toBeGreaterThan(0);
      }
    }
    const sales = await invoke('GET', `/v1/reports/dashboards/sales?${PERIOD}`);
    const perRep = (sales.json.kpis as Kpi[]).find((kpi) => kpi.name === 'revenue-per-rep');
    expect(perRep?.links).toContainEqual(
      expect.objectContaining({ row: 0, href: '/v1/opportunities?stage=closed_won&ownerId=u-anna' }),
    );
  });

  it('drill-down links are list queries the list endpoints accept', async () => {
    const answer = await invoke('GET', `/v1/reports/kpis?${PERIOD}`);
    const hrefs = new Set(
      (answer.json.kpis as Kpi[]).flatMap((kpi) =>
        (kpi.links as { href: string }[]).map((link) => link.href),
      ),
    );
    for (const href of hrefs) {
      if (href.includes('/v1/campaigns/cmp-')) continue; // the scenario's campaign ids are no ULIDs
      const list = await invoke('GET', href, { role: 'admin' });
      expect(list.status, `${href}: ${JSON.stringify(list.json)}`).toBe(200);
    }
  });

  it('adds live figures to the sales and service dashboards from the assignment load counters', async () => {
    const uow = new UnitOfWork(SYSTEM_ACTOR);
    const agents = [
      { agentId: 'u-carl', capacity: 10 },
      { agentId: 'u-dora', capacity: 5 },
    ];
    writeSetting(uow, ticketAssignmentSetting.name, { teams: [{ team: 'support', agents }] }, undefined);
    writeSetting(
      uow,
      leadAssignmentSetting.name,
      { rules: [{ id: 'all', owners: [{ ownerId: 'u-anna', capacity: 20 }] }] },
      undefined,
    );
    const exists = () => new Error('exists');
    uow.create(
      { ...agentLoadKey('u-carl'), entity: 'agent-load', agentId: 'u-carl', openTickets: 3 },
      exists,
    );
    uow.create({ ...ownerLoadKey('u-anna'), entity: 'owner-load', ownerId: 'u-anna', openLeads: 7 }, exists);
    await uow.commit();
    clearSettingsCache();

    const service = await invoke('GET', `/v1/reports/dashboards/service?${PERIOD}`, { role: 'service' });
    expect(service.json.live).toEqual([
      expect.objectContaining({
        name: 'open-tickets-per-agent',
        rows: [
          { team: 'support', agent_id: 'u-carl', open_tickets: 3, capacity: 10 },
          { team: 'support', agent_id: 'u-dora', open_tickets: 0, capacity: 5 },
        ],
      }),
    ]);
    const sales = await invoke('GET', `/v1/reports/dashboards/sales?${PERIOD}`, { role: 'sales_manager' });
    expect(sales.json.live).toEqual([
      expect.objectContaining({
        name: 'open-leads-per-owner',
        rows: [{ owner_id: 'u-anna', open_leads: 7 }],
      }),
    ]);
    const marketing = await invoke('GET', `/v1/reports/dashboards/marketing?${PERIOD}`, {
      role: 'marketing',
    });
    expect(marketing.json.live).toEqual([]);
    for (const figure of [...service.json.live, ...sales.json.live] as Kpi[]) {
      for (const { href } of figure.links as { href: string }[]) {
        expect((await invoke('GET', href)).status, href).toBe(200);
      }
    }
  });

  it('refuses bad periods with a problem, and the sales role', async () => {
    for (const query of [
      'from=2026-03-01',
      'from=2026-03-01&to=2026-03-01',
      'from=2026-04-01&to=2026-03-01',
      'from=2026-02-30&to=2026-03-01',
      'from=2024-01-01&to=2026-01-03',
      'from=yesterday&to=today',
    ]) {
      const answer = await invoke('GET', `/v1/reports/kpis?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.headers['content-type'], query).toContain('application/problem+json');
    }
    expect((await invoke('GET', '/v1/reports/kpis?from=2024-01-01&to=2026-01-01')).status).toBe(200);
    expect((await invoke('GET', `/v1/reports/kpis?${PERIOD}`, { role: 'sales' })).status).toBe(403);
    expect(
      (await invoke('GET', `/v1/reports/dashboards/service?${PERIOD}`, { role: 'marketing' })).status,
    ).toBe(403);
    expect(
      (await invoke('GET', `/v1/reports/dashboards/service?${PERIOD}`, { role: 'service' })).status,
    ).toBe(200);
  });
});
