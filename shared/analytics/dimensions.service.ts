import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { clock } from '../platform/clock.ts';
import { dynamo } from '../platform/db/client.ts';
import { INDEXES } from '../platform/db/keys.ts';
import { getItem, tableName } from '../platform/db/table.ts';
import { logger } from '../platform/logger.ts';
import { readSetting } from '../platform/settings.ts';
import { ticketAssignmentSetting, ticketRulesSetting } from '../tickets/ticket.settings.ts';
import type { DimensionName, DimensionRow } from './dimensions.schema.ts';

/** Where a snapshot's rows go: Parquet files locally, gzip JSON lines in S3 on AWS. */
export type DimensionSink = {
  write: (name: DimensionName, rows: readonly DimensionRow[], snapshotAt: string) => Promise<void>;
};

export type SnapshotResult = {
  snapshotAt: string;
  since: string | null;
  rows: Record<DimensionName, number>;
};

/** The checkpoint: where the last run started (minus the overlap) and every ticket team seen. */
export const DIMENSIONS_CHECKPOINT_KEY = { pk: 'ANALYTICS#DIMENSIONS', sk: 'CHECKPOINT' } as const;

/**
 * Index reads are eventually consistent: the next run reads again from this long before the
 * previous run started, so a record written just before a run is never missed (it may be written
 * twice; the `dim_*` views keep one row per id).
 */
export const CHECKPOINT_OVERLAP_MS = 5 * 60 * 1000;

type Item = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const money = (value: unknown): { amount: string | null; currency: string | null } => {
  const record = value && typeof value === 'object' ? (value as Item) : {};
  return { amount: str(record.amount), currency: str(record.currency) };
};

/** The record → dimension row mappings: ids and codes only, never names, emails or phones. */
export const DIMENSION_ROWS: Record<DimensionName, (item: Item, snapshotAt: string) => DimensionRow> = {
  opportunities: (item, snapshotAt) => {
    const amount = money(item.amount);
    return {
      id: str(item.id),
      owner_id: str(item.ownerId),
      account_id: str(item.accountId),
      stage: str(item.stage),
      amount: amount.amount,
      currency: amount.currency,
      expected_close_date: str(item.expectedCloseDate),
      created_at: str(item.createdAt),
      updated_at: str(item.updatedAt),
      snapshot_at: snapshotAt,
    };
  },
  campaigns: (item, snapshotAt) => {
    const cost = money(item.costs);
    return {
      id: str(item.id),
      status: str(item.status),
      cost: cost.amount,
      currency: cost.currency,
      attribution_days: typeof item.attributionDays === 'number' ? item.attributionDays : null,
      sent_at: str(item.sentAt),
      created_at: str(item.createdAt),
      updated_at: str(item.updatedAt),
      snapshot_at: snapshotAt,
    };
  },
  tickets: (item, snapshotAt) => ({
    id: str(item.id),
    category: str(item.category),
    team: str(item.team),
    priority: str(item.priority),
    assignee_id: str(item.assigneeId),
    status: str(item.status),
    created_at: str(item.createdAt),
    updated_at: str(item.updatedAt),
    snapshot_at: snapshotAt,
  }),
  contacts: (item, snapshotAt) => ({
    id: str(item.id),
    account_id: str(item.accountId),
    owner_id: str(item.ownerId),
    lifecycle_stage: str(item.lifecycleStage),
    language: str(item.language),
    created_at: str(item.createdAt),
    updated_at: str(item.updatedAt),
    snapshot_at: snapshotAt,
  }),
};

/**
 * The records of one gsi4 listing changed after `since` (all when null), all pages. DynamoDB
 * reads the whole listing and filters server-side: cheap at CRM sizes (docs/analytics.md).
 */
const changedSince = async (pk: string, entity: string, since: string | null): Promise<Item[]> => {
  const { pk: pkName } = INDEXES.gsi4;
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi4',
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: since ? '#entity = :entity AND #updatedAt > :since' : '#entity = :entity',
        ExpressionAttributeNames: {
          '#pk': pkName,
          '#entity': 'entity',
          ...(since ? { '#updatedAt': 'updatedAt' } : {}),
        },
        ExpressionAttributeValues: { ':pk': pk, ':entity': entity, ...(since ? { ':since': since } : {}) },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...((page.Items ?? []) as Item[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
};

/** Every team a ticket may be queued under: the settings' teams and every team seen before. */
const ticketTeams = async (known: readonly string[]): Promise<string[]> => {
  const [rules, assignment] = await Promise.all([
    readSetting(ticketRulesSetting),
    readSetting(ticketAssignmentSetting),
  ]);
  return [
    ...new Set([
      ...known,
      rules.fallback.team,
      ...rules.rules.flatMap((rule) => (rule.set.team ? [rule.set.team] : [])),
      ...assignment.teams.map((team) => team.team),
    ]),
  ].sort();
};

/**
 * One incremental snapshot of the non-personal dimensions: the records changed since the last
 * checkpoint (the first run takes all), one row per record into the sink, then the checkpoint.
 * Contacts, opportunities and campaigns come from their gsi4 listings; tickets from their team
 * queues (gsi4 `TICKET_QUEUE#<team>`) for every team in the settings or seen before.
 */
export const runDimensionsSnapshot = async (sink: DimensionSink): Promise<SnapshotResult> => {
  const started = clock.now();
  const snapshotAt = started.toISOString();
  const checkpoint = (await getItem(DIMENSIONS_CHECKPOINT_KEY)) as
    | { since?: string; teams?: string[] }
    | undefined;
  const since = checkpoint?.since ?? null;

  const teams = await ticketTeams(checkpoint?.teams ?? []);
  const [opportunities, campaigns, ticketPages, contacts] = await Promise.all([
    changedSince('OPPORTUNITIES', 'opportunity', since),
    changedSince('CAMPAIGNS', 'campaign', since),
    Promise.all(teams.map((team) => changedSince(`TICKET_QUEUE#${team}`, 'ticket', since))),
    changedSince('CONTACTS', 'contact', since),
  ]);
  const tickets = ticketPages.flat();
  const sources: Record<DimensionName, Item[]> = { opportunities, campaigns, tickets, contacts };

  const rows = {} as Record<DimensionName, number>;
  for (const [name, items] of Object.entries(sources) as [DimensionName, Item[]][]) {
    const mapped = items.map((item) => DIMENSION_ROWS[name](item, snapshotAt));
    if (mapped.length > 0) await sink.write(name, mapped, snapshotAt);
    rows[name] = mapped.length;
  }

  const seenTeams = new Set([...teams, ...tickets.map((item) => String(item.team))]);
  await dynamo.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...DIMENSIONS_CHECKPOINT_KEY,
        entity: 'analytics-checkpoint',
        since: new Date(started.getTime() - CHECKPOINT_OVERLAP_MS).toISOString(),
        lastRunAt: snapshotAt,
        teams: [...seenTeams].sort(),
      },
    }),
  );
  logger.info('Dimensions snapshot written', { since, rows });
  return { snapshotAt, since, rows };
};
