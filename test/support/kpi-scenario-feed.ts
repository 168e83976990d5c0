import { expect } from 'vitest';
import { campaignItem } from '#shared/campaigns/campaign.entity.ts';
import type { Campaign } from '#shared/campaigns/campaign.schema.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import type { Currency } from '#shared/platform/money.ts';
import { REPORT_EVENTS } from '#shared/reports/report.events.ts';
import { consume } from '../../functions/report-aggregator/report-aggregator.handler.ts';
import { kpiScenarioCampaigns } from '../fixtures/kpi-scenario.ts';
import { busMessage, sqsEvent } from './order-fixture.ts';

type BusEvent = Parameters<typeof busMessage>[0];

const REPORTED = new Set<string>(REPORT_EVENTS);
/** What the `reports` rule delivers: only the events a KPI reads (the others have no route). */
export const reportedOnly = <E extends { name: string }>(events: readonly E[]): E[] =>
  events.filter((event) => REPORTED.has(event.name));

/** The campaign records the scenario's dim_campaigns describe: the latest snapshot of each. */
export const storeScenarioCampaigns = async (): Promise<void> => {
  const latest = new Map<string, (typeof kpiScenarioCampaigns)[number]>();
  for (const row of kpiScenarioCampaigns) {
    const seen = latest.get(String(row.id));
    if (!seen || String(seen.snapshot_at) < String(row.snapshot_at)) latest.set(String(row.id), row);
  }
  const uow = new UnitOfWork(SYSTEM_ACTOR);
  for (const row of latest.values()) {
    const campaign: Campaign = {
      id: String(row.id),
      createdAt: String(row.created_at),
      updatedAt: String(row.updated_at),
      version: 2,
      name: `Scenario ${row.id}`,
      segmentId: 'seg-1',
      templateId: 'tpl-1',
      purpose: 'newsletter',
      costs: { amount: String(row.cost), currency: row.currency as Currency },
      attributionDays: Number(row.attribution_days),
      scheduledAt: null,
      status: 'sent',
      configurationSetName: `frontoffice-test-campaign-${row.id}`,
      segmentGeneration: 1,
      startedAt: row.sent_at === null ? null : String(row.sent_at),
      sentAt: row.sent_at === null ? null : String(row.sent_at),
      cancelledAt: null,
    };
    uow.create(campaignItem(campaign), () => new Error(`Campaign ${row.id} exists.`));
  }
  await uow.commit();
};

/** Feeds events to the report aggregator as its queue would (EventBridge envelope, batches of 10). */
export const feedReports = async (events: readonly BusEvent[]): Promise<void> => {
  for (let start = 0; start < events.length; start += 10) {
    const batch = events.slice(start, start + 10);
    const result = await consume(sqsEvent(batch.map(busMessage)), {} as never);
    expect(result.batchItemFailures, batch.map((event) => event.id).join(', ')).toEqual([]);
  }
};
