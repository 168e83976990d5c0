import type { StoredItem } from '#shared/platform/db/keys.ts';
import type { QuerySpec } from '#shared/platform/db/table.ts';
import type { Campaign, ListCampaignsQuery, RecipientsQuery } from './campaign.schema.ts';
import { CAMPAIGN_RECIPIENT_ENTITY, campaignKey } from './campaign-recipient.entity.ts';

/** Key layout of campaigns; docs/data-model.md (## Campaigns) lists the access patterns. */
export const CAMPAIGN_ENTITY = 'campaign';

/**
 * The materialisation's progress, kept on the campaign item (not shown by the API): the member
 * cursor of the segment, the pages written so far (the condition of the next page's transaction),
 * the recipients written, and whether the last page is written.
 */
export type CampaignProgress = {
  memberCursor: string | null;
  pagesWritten: number;
  recipientsWritten: number;
  materialised: boolean;
};

export const CAMPAIGN_FIELDS = [
  'id',
  'createdAt',
  'updatedAt',
  'version',
  'name',
  'segmentId',
  'templateId',
  'purpose',
  'costs',
  'attributionDays',
  'scheduledAt',
  'status',
  'configurationSetName',
  'segmentGeneration',
  'startedAt',
  'sentAt',
  'cancelledAt',
] as const satisfies readonly (keyof Campaign)[];

/** Campaigns are listed newest first through gsi4 (`CAMPAIGNS`), optionally by status. */
export const campaignItem = (campaign: Campaign, progress?: CampaignProgress): StoredItem => ({
  ...campaignKey(campaign.id),
  entity: CAMPAIGN_ENTITY,
  gsi4pk: 'CAMPAIGNS',
  gsi4sk: `CAMPAIGN#${campaign.id}`,
  ...campaign,
  ...(progress ?? {}),
});

export const campaignFromItem = (item: Record<string, unknown>): Campaign =>
  Object.fromEntries(CAMPAIGN_FIELDS.map((field) => [field, item[field] ?? null])) as Campaign;

export const progressFromItem = (item: Record<string, unknown>): CampaignProgress => ({
  memberCursor: typeof item.memberCursor === 'string' ? item.memberCursor : null,
  pagesWritten: Number(item.pagesWritten ?? 0),
  recipientsWritten: Number(item.recipientsWritten ?? 0),
  materialised: item.materialised === true,
});

export const campaignListQuery = (query: ListCampaignsQuery): QuerySpec => ({
  index: 'gsi4',
  pk: 'CAMPAIGNS',
  skPrefix: 'CAMPAIGN#',
  limit: query.limit,
  cursor: query.cursor,
  descending: true,
  filter: { status: query.status },
});

export const campaignRecipientsQuery = (campaignId: string, query: RecipientsQuery): QuerySpec => ({
  pk: campaignKey(campaignId).pk,
  skPrefix: 'RECIPIENT#',
  limit: query.limit,
  cursor: query.cursor,
  filter: { status: query.status, entity: CAMPAIGN_RECIPIENT_ENTITY },
});

/** `frontoffice-<stage>-campaign-<id>`: the campaign's own SES configuration set. */
export const campaignConfigurationSetName = (stage: string, campaignId: string): string =>
  `frontoffice-${stage}-campaign-${campaignId}`.slice(0, 64);
