import type Big from 'big.js';
import { campaignFromItem } from '#shared/campaigns/campaign.entity.ts';
import type { Campaign } from '#shared/campaigns/campaign.schema.ts';
import { campaignKey } from '#shared/campaigns/campaign-recipient.entity.ts';
import { ownerLoadKey } from '#shared/leads/lead.entity.ts';
import { leadAssignmentSetting } from '#shared/leads/lead.settings.ts';
import type { StoredItem } from '#shared/platform/db/keys.ts';
import { getItem, queryAll } from '#shared/platform/db/table.ts';
import { decimal, toAmount } from '#shared/platform/money.ts';
import { readSetting } from '#shared/platform/settings.ts';
import { agentLoadKey } from '#shared/tickets/ticket.entity.ts';
import { ticketAssignmentSetting } from '#shared/tickets/ticket.settings.ts';
import {
  campaignAttributionPartition,
  daysBetween,
  METRICS,
  type Metric,
  orderPrevPartition,
} from './report.entity.ts';
import type { Kpi, KpiGroup, KpiRow, Link, Period } from './report.schema.ts';

const DAY_MS = 86_400_000;
const CHURN_BASE_DAYS = 180;

const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Every counter item of the days `[from, to)`: one Query (paged) of the metric's partition. */
const readDays = async (partition: string, from: string, to: string): Promise<StoredItem[]> =>
  from >= to
    ? []
    : queryAll((cursor) => ({
        pk: partition,
        skBetween: daysBetween(from, addDays(to, -1)),
        limit: 1000,
        cursor,
      }));

const read = (metric: Metric, period: Period) => readDays(METRICS[metric], period.from, period.to);

const num = (item: StoredItem, attribute: string): number => Number(item[attribute] ?? 0);
const sum = (items: readonly StoredItem[], attribute: string): number =>
  items.reduce((total, item) => total + num(item, attribute), 0);
/** Money attributes summed exactly (DynamoDB keeps decimals; the SDK hands them over as numbers). */
const sumMoney = (items: readonly StoredItem[], attribute: string): Big =>
  items.reduce((total, item) => total.plus(decimal(String(item[attribute] ?? 0))), decimal(0));

/** A rate: four decimals, null over zero cases (docs/kpis.md). */
const rate = (part: number | Big, whole: number | Big): number | null =>
  decimal(whole).eq(0) ? null : Number(decimal(part).div(whole).round(4, 1).toString());
/** An average: two decimals, null over zero cases. */
const average = (total: number | Big, count: number, scale = 1): number | null =>
  count === 0 ? null : Number(decimal(total).div(count).div(scale).round(2, 1).toString());

/** Code-point order, as SQL's ORDER BY on text (no locale rules). */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const groupBy = (
  items: readonly StoredItem[],
  key: (item: StoredItem) => string,
): Map<string, StoredItem[]> => {
  const groups = new Map<string, StoredItem[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group) group.push(item);
    else groups.set(name, [item]);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => byText(a, b)));
};

const NO_DATE_FILTER = 'The list has no date filter: it shows every record, not only those of the period.';

const link = (
  figure: string,
  href: string,
  note: string | null = NO_DATE_FILTER,
  row: number | null = null,
): Link => ({
  figure,
  row,
  href,
  note,
});

const kpi = (name: string, group: KpiGroup, columns: string[], rows: KpiRow[], links: Link[]): Kpi => ({
  name,
  group,
  columns,
  rows,
  links,
});

/** What the KPIs of a period read: each metric once, shared by the KPIs that need it. */
type Reads = { [M in Metric]?: Promise<StoredItem[]> };
const reader = (period: Period) => {
  const cache: Reads = {};
  return (metric: Metric): Promise<StoredItem[]> => {
    cache[metric] ??= read(metric, period);
    return cache[metric];
  };
};
type Read = ReturnType<typeof reader>;

// Sales

const salesKpis = async (readMetric: Read): Promise<Kpi[]> => {
  const [leads, conversions, won, lost] = await Promise.all([
    readMetric('leads'),
    readMetric('conversions'),
    readMetric('won'),
    readMetric('lost'),
  ]);
  const captured = sum(leads, 'leads');
  const converted = sum(conversions, 'converted');
  const wonCount = sum(won, 'won');
  const lostCount = sum(lost, 'lost');
  // Sorted as the lake sorts: owner (unassigned last), then currency; reasons by count, then name.
  const perRep = [
    ...groupBy(won, (item) => `${item.ownerId ?? '\uffff'}\u0000${item.currency}`).values(),
  ].map((items) => ({
    owner_id: (items[0]?.ownerId as string | null | undefined) ?? null,
    currency: String(items[0]?.currency),
    won: sum(items, 'won'),
    revenue: toAmount(sumMoney(items, 'revenue')),
  }));
  const reasons = [...groupBy(lost, (item) => String(item.lostReason)).entries()]
    .map(([reason, items]) => ({
      lost_reason: reason,
      lost: sum(items, 'lost'),
      share: rate(sum(items, 'lost'), lostCount),
    }))
    .sort((a, b) => b.lost - a.lost || byText(a.lost_reason, b.lost_reason));
  return [
    kpi(
      'leads-per-source',
      'sales',
      ['source', 'leads'],
      [...groupBy(leads, (item) => String(item.source)).entries()].map(([source, items]) => ({
        source,
        leads: sum(items, 'leads'),
      })),
      [link('leads', '/v1/leads', `${NO_DATE_FILTER} It has no source filter either.`)],
    ),
    kpi(
      'lead-conversion',
      'sales',
      ['captured', 'converted', 'rate'],
      [{ captured, converted, rate: rate(converted, captured) }],
      [link('captured', '/v1/leads'), link('converted', '/v1/leads?status=converted')],
    ),
    kpi(
      'win-rate',
      'sales',
      ['won', 'lost', 'rate'],
      [{ won: wonCount, lost: lostCount, rate: rate(wonCount, wonCount + lostCount) }],
      [
        link('won', '/v1/opportunities?stage=closed_won'),
        link('lost', '/v1/opportunities?stage=closed_lost'),
      ],
    ),
    kpi(
      'sales-cycle',
      'sales',
      ['won', 'avg_days'],
      [{ won: wonCount, avg_days: average(sum(won, 'cycleDays'), wonCount) }],
      [link('won', '/v1/opportunities?stage=closed_won')],
    ),
    kpi(
      'revenue-per-rep',
      'sales',
      ['owner_id', 'currency', 'won', 'revenue'],
      perRep,
      perRep.map((row, index) =>
        row.owner_id
          ? link(
              'row',
              `/v1/opportunities?stage=closed_won&ownerId=${encodeURIComponent(row.owner_id)}`,
              NO_DATE_FILTER,
              index,
            )
          : link(
              'row',
              '/v1/opportunities?stage=closed_won',
              `${NO_DATE_FILTER} It cannot select unassigned ones.`,
              index,
            ),
      ),
    ),
    kpi('lost-reasons', 'sales', ['lost_reason', 'lost', 'share'], reasons, [
      link(
        'lost',
        '/v1/opportunities?stage=closed_lost',
        `${NO_DATE_FILTER} It has no reason filter either.`,
      ),
    ]),
  ];
};

// Marketing

/**
 * The campaigns whose `campaign.sent` lies in the period, with their current record (costs,
 * window); null for a campaign whose record is gone (the lake's campaign without a dimension row).
 */
const sentCampaigns = async (readMetric: Read): Promise<{ id: string; campaign: Campaign | null }[]> => {
  const sent = await readMetric('campaignsSent');
  const ids = [...new Set(sent.map((item) => String(item.campaignId)))].sort(byText);
  const items = await Promise.all(ids.map((id) => getItem(campaignKey(id))));
  return ids.map((id, index) => {
    const item = items[index];
    return { id, campaign: item ? campaignFromItem(item) : null };
  });
};

/**
 * Attributed revenue of one campaign (docs/kpis.md campaign-roi): orders of contacts who clicked,
 * in the campaign's currency, placed in `[first click, first click + attributionDays)` and before `to`.
 */
const attributedRevenue = async (campaign: Campaign, to: string): Promise<Big> => {
  const items = await queryAll((cursor) => ({
    pk: campaignAttributionPartition(campaign.id),
    limit: 1000,
    cursor,
  }));
  const firstClicks = new Map<string, number>();
  for (const item of items) {
    if (String(item.sk).startsWith('CLICK#'))
      firstClicks.set(String(item.contactId), Date.parse(String(item.firstClickAt)));
  }
  const window = campaign.attributionDays * DAY_MS;
  const end = Date.parse(`${to}T00:00:00Z`);
  let revenue = decimal(0);
  for (const item of items) {
    if (!String(item.sk).startsWith('ORDER#') || item.currency !== campaign.costs.currency) continue;
    const click = firstClicks.get(String(item.contactId));
    const at = Date.parse(String(item.at));
    if (click === undefined || at < click || at >= click + window || at >= end) continue;
    revenue = revenue.plus(decimal(String(item.amount)));
  }
  return revenue;
};

const marketingKpis = async (readMetric: Read, period: Period): Promise<Kpi[]> => {
  const [leads, email, unsubscribes, campaigns] = await Promise.all([
    readMetric('leads'),
    readMetric('email'),
    readMetric('unsubscribes'),
    sentCampaigns(readMetric),
  ]);
  const captured = sum(leads, 'leads');
  // Per currency, as the lake groups `dim_campaigns.currency`: a campaign without a record has no
  // cost and no currency (a row with nulls, last), never a silent 0.
  const costs = new Map<string | null, Big | null>();
  for (const { campaign } of campaigns) {
    const currency = campaign?.costs.currency ?? null;
    const before = costs.has(currency) ? (costs.get(currency) ?? null) : decimal(0);
    costs.set(currency, campaign && before ? before.plus(campaign.costs.amount) : null);
  }
  const costPerLead = [...costs.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : byText(a, b)))
    .map(([currency, cost]) => ({
      currency,
      cost: cost ? toAmount(cost) : null,
      leads: captured,
      cost_per_lead: cost && captured > 0 ? toAmount(cost.div(captured)) : null,
    }));
  const roi = await Promise.all(
    campaigns.map(async ({ id, campaign }) => {
      if (!campaign)
        return { campaign_id: id, currency: null, cost: null, revenue: toAmount(decimal(0)), roi: null };
      const cost = decimal(campaign.costs.amount);
      const revenue = await attributedRevenue(campaign, period.to);
      return {
        campaign_id: id,
        currency: campaign.costs.currency,
        cost: toAmount(cost),
        revenue: toAmount(revenue),
        roi: cost.eq(0) ? null : rate(revenue.minus(cost), cost),
      };
    }),
  );
  const engagement = [
    ...groupBy(
      email.filter((item) => item.source === 'campaign' && item.campaignId),
      (item) => String(item.campaignId),
    ).entries(),
  ].map(([campaignId, items]) => {
    const delivered = sum(items, 'delivered');
    return {
      campaign_id: campaignId,
      delivered,
      opened: sum(items, 'opened'),
      clicked: sum(items, 'clicked'),
      open_rate: rate(sum(items, 'opened'), delivered),
      click_rate: rate(sum(items, 'clicked'), delivered),
    };
  });
  const delivered = sum(email, 'delivered');
  const unsubscribed = sum(unsubscribes, 'unsubscribed');
  const stats = (rows: readonly { campaign_id: string }[]) =>
    rows.map((row, index) =>
      link(
        'row',
        `/v1/campaigns/${encodeURIComponent(row.campaign_id)}/stats`,
        'The campaign’s lifetime figures, not only the period’s.',
        index,
      ),
    );
  return [
    kpi('cost-per-lead', 'marketing', ['currency', 'cost', 'leads', 'cost_per_lead'], costPerLead, [
      link('cost', '/v1/campaigns?status=sent'),
      link('leads', '/v1/leads'),
    ]),
    kpi('campaign-roi', 'marketing', ['campaign_id', 'currency', 'cost', 'revenue', 'roi'], roi, stats(roi)),
    kpi(
      'email-engagement',
      'marketing',
      ['campaign_id', 'delivered', 'opened', 'clicked', 'open_rate', 'click_rate'],
      engagement,
      stats(engagement),
    ),
    kpi(
      'unsubscribe-rate',
      'marketing',
      ['delivered', 'unsubscribed', 'rate'],
      [{ delivered, unsubscribed, rate: rate(unsubscribed, delivered) }],
      [
        link(
          'unsubscribed',
          '/v1/campaigns?status=sent',
          'No list of consent changes exists: the sent campaigns, each with its unsubscribes in /v1/campaigns/{id}/stats.',
        ),
      ],
    ),
  ];
};

// Service

const serviceKpis = async (readMetric: Read): Promise<Kpi[]> => {
  const [tickets, surveys] = await Promise.all([readMetric('tickets'), readMetric('surveys')]);
  const resolved = sum(tickets, 'resolved');
  const firstContact = sum(tickets, 'firstContact');
  const withinSla = sum(tickets, 'withinSla');
  const csatAnswers = sum(surveys, 'csatAnswers');
  const npsAnswers = sum(surveys, 'npsAnswers');
  const promoters = sum(surveys, 'promoters');
  const detractors = sum(surveys, 'detractors');
  // The ticket list is read per team (it refuses an unfiltered list): one link per team of the period.
  const teamLinks = (figure: string, items: readonly StoredItem[], note: string) =>
    [...new Set(items.map((item) => String(item.team)))]
      .sort(byText)
      .map((team) => link(figure, `/v1/tickets?team=${encodeURIComponent(team)}&status=resolved`, note));
  const resolvedLink = teamLinks('resolved', tickets, `${NO_DATE_FILTER} Closed tickets: status=closed.`);
  const surveyLink = teamLinks(
    'answers',
    surveys,
    `No list of survey answers exists: the team's resolved tickets they were asked about. ${NO_DATE_FILTER}`,
  );
  return [
    kpi(
      'first-contact-resolution',
      'service',
      ['resolved', 'first_contact', 'rate'],
      [{ resolved, first_contact: firstContact, rate: rate(firstContact, resolved) }],
      resolvedLink,
    ),
    kpi(
      'handling-time',
      'service',
      ['resolved', 'avg_hours'],
      [{ resolved, avg_hours: average(sum(tickets, 'handlingSeconds'), resolved, 3600) }],
      resolvedLink,
    ),
    kpi(
      'sla-attainment',
      'service',
      ['resolved', 'within_sla', 'rate'],
      [{ resolved, within_sla: withinSla, rate: rate(withinSla, resolved) }],
      resolvedLink,
    ),
    kpi(
      'csat',
      'service',
      ['answers', 'avg_csat', 'satisfied_rate'],
      [
        {
          answers: csatAnswers,
          avg_csat: average(sum(surveys, 'csatSum'), csatAnswers),
          satisfied_rate: rate(sum(surveys, 'csatSatisfied'), csatAnswers),
        },
      ],
      surveyLink,
    ),
    kpi(
      'nps',
      'service',
      ['answers', 'promoters', 'detractors', 'nps'],
      [
        {
          answers: npsAnswers,
          promoters,
          detractors,
          nps:
            npsAnswers === 0
              ? null
              : Number(
                  decimal(promoters - detractors)
                    .times(100)
                    .div(npsAnswers)
                    .round(1, 1)
                    .toString(),
                ),
        },
      ],
      surveyLink,
    ),
  ];
};

// Customers

const customerKpis = async (readMetric: Read, period: Period): Promise<Kpi[]> => {
  const [newCustomers, orders, gaps] = await Promise.all([
    readMetric('newCustomers'),
    readMetric('orders'),
    // Every customer's order days of the 180 days before `from`, each with its next order day.
    readDays(METRICS.orderGaps, addDays(period.from, -CHURN_BASE_DAYS), period.from),
  ]);
  // A customer is in the base when the next order after its last order day before `from` is not
  // before `from`; churned when it is not before `to` either (or there is none).
  const base = gaps
    .filter((item) => item.next === null || item.next === undefined || String(item.next) >= period.from)
    .reduce((total, item) => total + num(item, 'contacts'), 0);
  const churned = gaps
    .filter((item) => item.next === null || item.next === undefined || String(item.next) >= period.to)
    .reduce((total, item) => total + num(item, 'contacts'), 0);
  const byCurrency = [...groupBy(orders, (item) => String(item.currency)).entries()];
  const value = await Promise.all(
    byCurrency.map(async ([currency, items]) => {
      // A contact counts once: on its order day in the period whose previous order day lies before `from`.
      const firsts = await readDays(orderPrevPartition(currency), period.from, period.to);
      const customers = firsts
        .filter(
          (item) =>
            item.previous === null || item.previous === undefined || String(item.previous) < period.from,
        )
        .reduce((total, item) => total + num(item, 'contacts'), 0);
      const revenue = sumMoney(items, 'revenue');
      return {
        currency,
        customers,
        revenue: toAmount(revenue),
        avg_value: customers === 0 ? null : toAmount(revenue.div(customers)),
      };
    }),
  );
  const customersLink = link('row', '/v1/contacts?lifecycleStage=customer', NO_DATE_FILTER);
  return [
    kpi(
      'new-customers',
      'customers',
      ['new_customers'],
      [{ new_customers: sum(newCustomers, 'customers') }],
      [{ ...customersLink, figure: 'new_customers' }],
    ),
    kpi(
      'churn-rate',
      'customers',
      ['base', 'churned', 'rate'],
      [{ base, churned, rate: rate(churned, base) }],
      [{ ...customersLink, figure: 'base' }],
    ),
    kpi('customer-value', 'customers', ['currency', 'customers', 'revenue', 'avg_value'], value, [
      link('revenue', '/v1/orders'),
    ]),
  ];
};

const GROUPS: Record<KpiGroup, (readMetric: Read, period: Period) => Promise<Kpi[]>> = {
  sales: salesKpis,
  marketing: marketingKpis,
  service: serviceKpis,
  customers: customerKpis,
};

// Live figures: the load counters lead and ticket assignment keep anyway (one GetItem per person).

const LIVE_NOTE = 'Live, not of the period.';

/** Open leads (new, working, mql) of each owner the lead-assignment rules name. */
const openLeadsPerOwner = async (): Promise<Kpi> => {
  const settings = await readSetting(leadAssignmentSetting);
  const owners = [
    ...new Set(settings.rules.flatMap((rule) => rule.owners.map((owner) => owner.ownerId))),
  ].sort(byText);
  const loads = await Promise.all(owners.map((ownerId) => getItem(ownerLoadKey(ownerId))));
  const rows = owners.map((ownerId, index) => ({
    owner_id: ownerId,
    open_leads: Number(loads[index]?.openLeads ?? 0),
  }));
  return kpi(
    'open-leads-per-owner',
    'sales',
    ['owner_id', 'open_leads'],
    rows,
    rows.map((row, index) =>
      link(
        'row',
        `/v1/leads?ownerId=${encodeURIComponent(row.owner_id)}`,
        `${LIVE_NOTE} The list shows every status; open are new, working and mql.`,
        index,
      ),
    ),
  );
};

/** Open tickets (new, open, pending) of each agent the ticket-assignment setting names, with capacity. */
const openTicketsPerAgent = async (): Promise<Kpi> => {
  const settings = await readSetting(ticketAssignmentSetting);
  const agents = settings.teams.flatMap((team) =>
    team.agents.map((agent) => ({ team: team.team, agentId: agent.agentId, capacity: agent.capacity })),
  );
  const loads = await Promise.all(agents.map((agent) => getItem(agentLoadKey(agent.agentId))));
  const rows = agents.map((agent, index) => ({
    team: agent.team,
    agent_id: agent.agentId,
    open_tickets: Number(loads[index]?.openTickets ?? 0),
    capacity: agent.capacity,
  }));
  return kpi(
    'open-tickets-per-agent',
    'service',
    ['team', 'agent_id', 'open_tickets', 'capacity'],
    rows,
    rows.map((row, index) =>
      link(
        'row',
        `/v1/tickets?assigneeId=${encodeURIComponent(row.agent_id)}`,
        `${LIVE_NOTE} The list shows every status.`,
        index,
      ),
    ),
  );
};

const LIVE: Record<KpiGroup, () => Promise<Kpi[]>> = {
  sales: async () => [await openLeadsPerOwner()],
  marketing: async () => [],
  service: async () => [await openTicketsPerAgent()],
  customers: async () => [],
};

/** The KPIs of one dashboard for `[from, to)`, from the counters (no Scan, one Query per metric), and its live figures. */
export const dashboard = async (group: KpiGroup, period: Period) => {
  const [kpis, live] = await Promise.all([GROUPS[group](reader(period), period), LIVE[group]()]);
  return { group, from: period.from, to: period.to, kpis, live };
};

/** Every KPI of docs/kpis.md for `[from, to)`; metrics shared by groups are read once. */
export const allKpis = async (period: Period) => {
  const readMetric = reader(period);
  const groups = await Promise.all(
    (Object.keys(GROUPS) as KpiGroup[]).map((group) => GROUPS[group](readMetric, period)),
  );
  return { from: period.from, to: period.to, kpis: groups.flat() };
};
