import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ORDER_ENTITY } from '#shared/orders/order.entity.ts';
import type { Order } from '#shared/orders/order.schema.ts';
import { nowIso } from '#shared/platform/clock.ts';
import { dynamo } from '#shared/platform/db/client.ts';
import {
  newRecordMeta,
  planUpdate,
  staleVersion,
  withoutStorageAttributes,
} from '#shared/platform/db/record.ts';
import { findRecord, getItem, queryAll, queryPage, tableName } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { env } from '#shared/platform/env.ts';
import { AppError, conflict, preconditionFailed } from '#shared/platform/errors.ts';
import { type Currency, decimal, money } from '#shared/platform/money.ts';
import { scheduler } from '#shared/platform/scheduler.ts';
import { segmentCountKey, segmentKey } from '#shared/segments/segment.entity.ts';
import { templateFromItem, templateKey } from '#shared/templates/template.entity.ts';
import type { Template } from '#shared/templates/template.schema.ts';
import {
  campaignConfigurationSetName,
  campaignFromItem,
  campaignItem,
  campaignListQuery,
  campaignRecipientsQuery,
} from './campaign.entity.ts';
import { campaignSendStarted } from './campaign.events.ts';
import type {
  Campaign,
  CampaignStats,
  CreateCampaignInput,
  ListCampaignsQuery,
  RecipientsQuery,
  UpdateCampaignInput,
} from './campaign.schema.ts';
import {
  CAMPAIGN_COUNTERS,
  type CampaignCounter,
  campaignKey,
  campaignRecipientFromItem,
  campaignStatsKey,
} from './campaign-recipient.entity.ts';

/** The function a campaign's start schedule invokes (shared/schedule-targets.ts). */
export const CAMPAIGN_START_TARGET = 'campaign-start';
export const campaignScheduleName = (campaignId: string): string => `campaign-${campaignId}`;

const unprocessable = (detail: string) => new AppError('unprocessable', detail);
const lostRace = () =>
  new AppError('conflict', 'The campaign changed meanwhile; retry.', { headers: { 'retry-after': '1' } });

export const findCampaign = (id: string): Promise<Campaign> =>
  findRecord(campaignKey(id), campaignFromItem, 'Campaign', id);

/** 422 unless the segment exists and the template exists and is a marketing template. */
const assertSendable = async (segmentId: string, templateId: string): Promise<Template> => {
  const [segment, templateItem] = await Promise.all([
    getItem(segmentKey(segmentId)),
    getItem(templateKey(templateId)),
  ]);
  if (!segment) throw unprocessable(`Segment ${segmentId} does not exist.`);
  if (!templateItem) throw unprocessable(`Template ${templateId} does not exist.`);
  const template = templateFromItem(templateItem);
  if (template.kind !== 'marketing') {
    throw unprocessable(
      `Template ${templateId} is a ${template.kind} template; campaigns send marketing templates.`,
    );
  }
  return template;
};

const assertFuture = (scheduledAt: string | null | undefined): void => {
  if (scheduledAt && Date.parse(scheduledAt) <= Date.parse(nowIso())) {
    throw unprocessable('scheduledAt lies in the past; send now instead (POST …/send).');
  }
};

/**
 * The one-time schedule that starts a scheduled campaign. Created (or replaced, same name) before
 * the campaign's transaction commits; schedules are never deleted: the target starts a campaign
 * only while it is still scheduled for exactly that time, so a stale one fires into nothing.
 */
const scheduleStart = (campaign: Campaign): Promise<void> =>
  scheduler.createSchedule({
    name: campaignScheduleName(campaign.id),
    at: new Date(campaign.scheduledAt as string),
    target: CAMPAIGN_START_TARGET,
    input: { campaignId: campaign.id, scheduledAt: campaign.scheduledAt },
  });

export const createCampaign = async (input: CreateCampaignInput, uow: UnitOfWork): Promise<Campaign> => {
  await assertSendable(input.segmentId, input.templateId);
  assertFuture(input.scheduledAt);
  const meta = newRecordMeta();
  const campaign: Campaign = {
    ...meta,
    name: input.name,
    segmentId: input.segmentId,
    templateId: input.templateId,
    purpose: input.purpose,
    costs: money(input.costs.amount, input.costs.currency),
    attributionDays: input.attributionDays,
    scheduledAt: input.scheduledAt ?? null,
    status: input.scheduledAt ? 'scheduled' : 'draft',
    configurationSetName: campaignConfigurationSetName(env.stage, meta.id),
    segmentGeneration: null,
    startedAt: null,
    sentAt: null,
    cancelledAt: null,
  };
  uow.create(campaignItem(campaign), () => conflict('Campaign id collision; retry.'));
  if (campaign.scheduledAt) await scheduleStart(campaign);
  return campaign;
};

export const listCampaigns = async (query: ListCampaignsQuery) => {
  const page = await queryPage(campaignListQuery(query));
  return { items: page.items.map(campaignFromItem), nextCursor: page.nextCursor };
};

const EDITABLE: readonly Campaign['status'][] = ['draft', 'scheduled'];

/** Changes a draft or scheduled campaign; `scheduledAt` (re)schedules it, null takes it back to draft. */
export const updateCampaign = async (
  id: string,
  patch: UpdateCampaignInput,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<Campaign> => {
  const current = await findCampaign(id);
  if (!EDITABLE.includes(current.status)) {
    throw conflict(`A ${current.status} campaign cannot be changed.`);
  }
  const normalised: UpdateCampaignInput = {
    ...patch,
    ...(patch.costs ? { costs: money(patch.costs.amount, patch.costs.currency) } : {}),
  };
  const plan = planUpdate(current, normalised, ifMatch);
  if (!plan) return current;
  if (plan.changed.includes('segmentId') || plan.changed.includes('templateId')) {
    await assertSendable(plan.next.segmentId, plan.next.templateId);
  }
  const next: Campaign = plan.next;
  if (plan.changed.includes('scheduledAt')) {
    assertFuture(next.scheduledAt);
    next.status = next.scheduledAt ? 'scheduled' : 'draft';
  }
  uow.replace(campaignItem(next), current.version, staleVersion('campaign', current.version));
  if (plan.changed.includes('scheduledAt') && next.scheduledAt) await scheduleStart(next);
  return next;
};

/** Deletes a draft (anything else has, or may soon have, recipients and figures). */
export const deleteCampaign = async (
  id: string,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<void> => {
  const current = await findCampaign(id);
  if (ifMatch !== undefined && ifMatch !== current.version)
    throw preconditionFailed(ifMatch, current.version);
  if (current.status !== 'draft')
    throw conflict(`Only a draft can be deleted; this campaign is ${current.status}.`);
  uow.remove(campaignKey(id), staleVersion('campaign', current.version), current.version);
};

/**
 * Starts sending: draft or scheduled → sending (conditional on the version read), with
 * `campaign.send_started` in the same transaction. A campaign already sending or sent answers its
 * state and starts nothing (a second send is a no-op). The segment must be built (ready).
 */
export const startSending = async (id: string, uow: UnitOfWork): Promise<Campaign> =>
  startCampaign(await findCampaign(id), uow);

/** startSending of a campaign the caller has just read. */
export const startCampaign = async (current: Campaign, uow: UnitOfWork): Promise<Campaign> => {
  const { id } = current;
  if (current.status === 'sending' || current.status === 'sent') return current;
  if (current.status === 'cancelled') throw conflict('The campaign is cancelled.');
  await assertSendable(current.segmentId, current.templateId);
  const count = await getItem(segmentCountKey(current.segmentId));
  if (!count) throw unprocessable(`Segment ${current.segmentId} does not exist.`);
  if (count.state !== 'ready') {
    throw new AppError('conflict', 'The segment is still being built; retry when it is ready.', {
      headers: { 'retry-after': '30' },
    });
  }
  const at = nowIso();
  const generation = Number(count.generation);
  const next: Campaign = {
    ...current,
    status: 'sending',
    startedAt: at,
    segmentGeneration: generation,
    updatedAt: at,
    version: current.version + 1,
  };
  uow.update(
    campaignKey(id),
    {
      UpdateExpression:
        'SET #status = :sending, startedAt = :at, segmentGeneration = :generation, updatedAt = :at, ' +
        '#version = :next, memberCursor = :null, pagesWritten = :zero, recipientsWritten = :zero, materialised = :false',
      ConditionExpression: '#version = :expected AND #status IN (:draft, :scheduled)',
      ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: {
        ':sending': 'sending',
        ':at': at,
        ':generation': generation,
        ':next': next.version,
        ':expected': current.version,
        ':draft': 'draft',
        ':scheduled': 'scheduled',
        ':null': null,
        ':zero': 0,
        ':false': false,
      },
    },
    lostRace,
  );
  uow.emit(campaignSendStarted, id, {
    segmentId: current.segmentId,
    segmentGeneration: generation,
    templateId: current.templateId,
  });
  return next;
};

/** Cancels a draft, scheduled or sending campaign; recipients not yet sent stay pending. */
export const cancelCampaign = async (
  id: string,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<Campaign> => {
  const current = await findCampaign(id);
  if (ifMatch !== undefined && ifMatch !== current.version)
    throw preconditionFailed(ifMatch, current.version);
  if (current.status === 'cancelled') return current;
  if (current.status === 'sent') throw conflict('The campaign is sent already.');
  const at = nowIso();
  const next: Campaign = {
    ...current,
    status: 'cancelled',
    cancelledAt: at,
    updatedAt: at,
    version: current.version + 1,
  };
  uow.update(
    campaignKey(id),
    {
      UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at, updatedAt = :at, #version = :next',
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: {
        ':cancelled': 'cancelled',
        ':at': at,
        ':next': next.version,
        ':expected': current.version,
      },
    },
    lostRace,
  );
  return next;
};

// ---- Figures ------------------------------------------------------------------------------------

export const readCounters = async (campaignId: string): Promise<Record<CampaignCounter, number>> => {
  const item: Record<string, unknown> = (await getItem(campaignStatsKey(campaignId))) ?? {};
  return Object.fromEntries(
    CAMPAIGN_COUNTERS.map((counter) => [counter, Math.max(0, Number(item[counter] ?? 0))]),
  ) as Record<CampaignCounter, number>;
};

const DAY_MS = 24 * 3600 * 1000;

/** Recipients who clicked, read page by page from the campaign's partition (clickedAt is set by the feedback). */
const clickers = async (campaignId: string): Promise<{ contactId: string; clickedAt: string }[]> => {
  const found: { contactId: string; clickedAt: string }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :recipient)',
        FilterExpression: 'attribute_exists(clickedAt)',
        ProjectionExpression: 'contactId, clickedAt',
        ExpressionAttributeValues: { ':pk': campaignKey(campaignId).pk, ':recipient': 'RECIPIENT#' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      if (typeof item.contactId === 'string' && typeof item.clickedAt === 'string')
        found.push({ contactId: item.contactId, clickedAt: item.clickedAt });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
};

/** A contact's orders (its collection on gsi1), every page. */
const ordersOf = async (contactId: string): Promise<Order[]> => {
  const items = await queryAll((cursor) => ({
    index: 'gsi1',
    pk: `CONTACT#${contactId}`,
    skPrefix: 'ORDER#',
    limit: 200,
    cursor,
  }));
  return items
    .filter((item) => item.entity === ORDER_ENTITY)
    .map((item) => withoutStorageAttributes<Order>(item));
};

/**
 * Net revenue of the orders recipients placed within `attributionDays` after their click (not
 * cancelled, in the currency of the campaign's costs; others are not converted and not counted).
 */
export const attributedRevenue = async (campaign: Campaign): Promise<string> => {
  const currency: Currency = campaign.costs.currency;
  const window = campaign.attributionDays * DAY_MS;
  let total = decimal(0);
  const clicks = await clickers(campaign.id);
  for (let index = 0; index < clicks.length; index += 10) {
    const chunk = clicks.slice(index, index + 10);
    const orders = await Promise.all(chunk.map((click) => ordersOf(click.contactId)));
    chunk.forEach((click, position) => {
      const from = Date.parse(click.clickedAt);
      for (const order of orders[position] ?? []) {
        const placed = Date.parse(order.placedAt);
        if (order.status === 'cancelled' || order.currency !== currency) continue;
        if (placed >= from && placed <= from + window) total = total.plus(order.net.amount);
      }
    });
  }
  return money(total, currency).amount;
};

const rateOf = (count: number, base: number): number | null =>
  base > 0 ? Math.min(1, Math.round((count / base) * 10_000) / 10_000) : null;

/** The campaign's figures: counters (one GetItem), rates, and revenue computed at read time. */
export const campaignStats = async (id: string): Promise<CampaignStats> => {
  const campaign = await findCampaign(id);
  const [counters, revenue] = await Promise.all([readCounters(id), attributedRevenue(campaign)]);
  const base = counters.delivered > 0 ? counters.delivered : counters.sent;
  const cost = decimal(campaign.costs.amount);
  return {
    campaignId: id,
    status: campaign.status,
    ...counters,
    openRate: rateOf(counters.opened, base),
    clickRate: rateOf(counters.clicked, base),
    bounceRate: rateOf(counters.bounced, counters.sent),
    unsubscribeRate: rateOf(counters.unsubscribed, base),
    cost: campaign.costs,
    attributedRevenue: money(revenue, campaign.costs.currency),
    roi: cost.eq(0) ? null : Number(decimal(revenue).minus(cost).div(cost).round(4).toString()),
  };
};

export const listRecipients = async (id: string, query: RecipientsQuery) => {
  await findCampaign(id);
  const page = await queryPage(campaignRecipientsQuery(id, query));
  return { items: page.items.map(campaignRecipientFromItem), nextCursor: page.nextCursor };
};
