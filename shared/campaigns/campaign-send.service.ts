import type { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type BulkEmailEntry, type SESv2Client, SendBulkEmailCommand } from '@aws-sdk/client-sesv2';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { accountKey } from '#shared/accounts/account.entity.ts';
import { canSend, type SendDecision } from '#shared/consent/can-send.ts';
import { listUnsubscribeHeaders, unsubscribeUrl } from '#shared/consent/consent.service.ts';
import { contactFromItem, contactKey } from '#shared/contacts/contact.entity.ts';
import type { Contact } from '#shared/contacts/contact.schema.ts';
import { type MailRef, mailRefHeader, mailRefTags } from '#shared/mail/mail-ref.ts';
import { mailFrom, ses } from '#shared/mail/mailer.ts';
import { clock, nowIso } from '#shared/platform/clock.ts';
import { dynamo } from '#shared/platform/db/client.ts';
import { commitUnlessConflict } from '#shared/platform/db/commit-unless-conflict.ts';
import { getItem, queryPage, tableName } from '#shared/platform/db/table.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { env } from '#shared/platform/env.ts';
import { AppError } from '#shared/platform/errors.ts';
import { SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import { logger } from '#shared/platform/logger.ts';
import { readSetting } from '#shared/platform/settings.ts';
import { segmentMembersQuery } from '#shared/segments/segment.entity.ts';
import { templateFromItem, templateKey } from '#shared/templates/template.entity.ts';
import type { Template } from '#shared/templates/template.schema.ts';
import { sesRecipientData, syncSesTemplates } from '#shared/templates/template-ses.ts';
import { type CampaignProgress, campaignFromItem, progressFromItem } from './campaign.entity.ts';
import {
  CAMPAIGN_BATCH_SIZE,
  CAMPAIGN_SEND_CONCURRENCY,
  campaignBatchReady,
  campaignRecipientsContinued,
  campaignSent,
} from './campaign.events.ts';
import type { Campaign } from './campaign.schema.ts';
import { readCounters } from './campaign.service.ts';
import { campaignSendingSetting } from './campaign.settings.ts';
import {
  CAMPAIGN_RECIPIENT_ENTITY,
  CAMPAIGN_STATS_ENTITY,
  campaignKey,
  campaignRecipientItem,
  campaignRecipientKey,
  campaignStatsKey,
} from './campaign-recipient.entity.ts';
import { accountSendRate, ensureConfigurationSet, SendPacer } from './campaign-ses.ts';

/**
 * The send pipeline (docs/campaigns.md): start → materialise the recipients page by page →
 * one sender run per page of ≤ 50 → `campaign.sent` once everyone left pending/sending.
 */

const lostRace = () => new AppError('conflict', 'Another run wrote this page first.');

const readCampaign = async (
  campaignId: string,
): Promise<{ campaign: Campaign; progress: CampaignProgress } | undefined> => {
  const item = await getItem(campaignKey(campaignId));
  return item ? { campaign: campaignFromItem(item), progress: progressFromItem(item) } : undefined;
};

// ---- Start side effects: SES templates and the configuration set ---------------------------------

/** `CAMPAIGN_EVENT_BUS_ARN`: the default bus of the account (set by CDK); SES publishes only there. */
const eventBusArn = (): string => {
  const arn = process.env.CAMPAIGN_EVENT_BUS_ARN;
  if (!arn) throw new Error('CAMPAIGN_EVENT_BUS_ARN is not set: the function is not bound to SES events.');
  return arn;
};

/**
 * What SES needs before the first batch: the template's stored copies, and on AWS the campaign's
 * configuration set with its EventBridge destination. Locally (SES_ENDPOINT, aws-ses-v2-local has
 * no configuration sets) only the templates; the name still travels with every send.
 */
export const prepareSes = async (campaign: Campaign, client: SESv2Client = ses): Promise<void> => {
  const item = await getItem(templateKey(campaign.templateId));
  if (!item) throw new Error(`Template ${campaign.templateId} of campaign ${campaign.id} is gone.`);
  await syncSesTemplates(client, env.stage, templateFromItem(item));
  if (!env.sesEndpoint) await ensureConfigurationSet(client, campaign.configurationSetName, eventBusArn());
};

// ---- Materialise -------------------------------------------------------------------------------

/** Pages one materialiser run writes before it hands over to a `campaign.recipients_continued`. */
export const PAGES_PER_RUN = 100;

export type MaterialiseOutcome = { pages: number; recipients: number; done: boolean };

/**
 * Writes the recipients from the segment's members, one transaction per page of ≤ 50: the
 * recipient Puts (pending), the cursor on the campaign (conditional on the pages written, so a
 * redelivered or concurrent run writes nothing twice) and `campaign.batch_ready`. The last page also
 * sets the stats' `recipients`. Stops after `maxPages` and continues through its own event.
 */
export const materialiseRecipients = async (
  campaignId: string,
  options: { maxPages?: number; client?: SESv2Client } = {},
): Promise<MaterialiseOutcome> => {
  const maxPages = options.maxPages ?? PAGES_PER_RUN;
  const outcome: MaterialiseOutcome = { pages: 0, recipients: 0, done: false };
  const first = await readCampaign(campaignId);
  if (first?.campaign.status !== 'sending') return outcome;
  if (first.progress.materialised) {
    outcome.done = true;
    await completeIfDone(campaignId);
    return outcome;
  }
  await prepareSes(first.campaign, options.client);
  const { campaign } = first;
  let { progress } = first;
  for (let run = 0; run < maxPages; run++) {
    const page = await queryPage(
      segmentMembersQuery(campaign.segmentId, CAMPAIGN_BATCH_SIZE, progress.memberCursor ?? undefined),
    );
    // Members of another generation are the indexer's leftovers (or a newer rule): not recipients.
    const contactIds = page.items
      .filter((member) => member.generation === campaign.segmentGeneration)
      .map((member) => String(member.contactId));
    const last = page.nextCursor === null;
    const total = progress.recipientsWritten + contactIds.length;
    const uow = new UnitOfWork(SYSTEM_ACTOR);
    uow.update(
      campaignKey(campaignId),
      {
        UpdateExpression:
          'SET memberCursor = :cursor, pagesWritten = :next, recipientsWritten = :total, materialised = :last',
        ConditionExpression: 'pagesWritten = :written AND #status = :sending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':cursor': page.nextCursor,
          ':next': progress.pagesWritten + 1,
          ':total': total,
          ':last': last,
          ':written': progress.pagesWritten,
          ':sending': 'sending',
        },
      },
      lostRace,
      10,
    );
    for (const contactId of contactIds) {
      uow.create(
        campaignRecipientItem({ campaignId, contactId, status: 'pending', attempts: 0 }),
        () => new AppError('conflict', `Recipient ${contactId} exists already.`),
      );
    }
    if (last) {
      uow.update(
        campaignStatsKey(campaignId),
        {
          UpdateExpression: 'SET entity = :entity, campaignId = :id, recipients = :total',
          ExpressionAttributeValues: { ':entity': CAMPAIGN_STATS_ENTITY, ':id': campaignId, ':total': total },
        },
        () => new AppError('conflict', 'Unexpected condition failure.'),
      );
    }
    if (contactIds.length > 0)
      uow.emit(campaignBatchReady, campaignId, { page: progress.pagesWritten, contactIds });
    if (!last && run === maxPages - 1)
      uow.emit(campaignRecipientsContinued, campaignId, { pagesWritten: progress.pagesWritten + 1 });
    // Another run (a redelivery) wrote this page: it carries on from here, this one stops.
    if (!(await commitUnlessConflict(uow))) return outcome;
    outcome.pages++;
    outcome.recipients += contactIds.length;
    progress = {
      memberCursor: page.nextCursor,
      pagesWritten: progress.pagesWritten + 1,
      recipientsWritten: total,
      materialised: last,
    };
    if (last) {
      outcome.done = true;
      await completeIfDone(campaignId);
      return outcome;
    }
  }
  return outcome;
};

// ---- Completion ---------------------------------------------------------------------------------

/**
 * Marks the campaign `sent` with `campaign.sent` when every recipient has left pending/sending:
 * all are written and sent + skipped + failed reached the total (the counters move in the same
 * transactions as the recipients). Conditional on `sending`, so the event is emitted once.
 */
export const completeIfDone = async (campaignId: string): Promise<boolean> => {
  const [current, counters] = await Promise.all([readCampaign(campaignId), readCounters(campaignId)]);
  if (current?.campaign.status !== 'sending' || !current.progress.materialised) return false;
  const total = current.progress.recipientsWritten;
  if (counters.sent + counters.skipped + counters.failed < total) return false;
  const at = nowIso();
  const uow = new UnitOfWork(SYSTEM_ACTOR);
  uow.update(
    campaignKey(campaignId),
    {
      UpdateExpression: 'SET #status = :sent, sentAt = :at, updatedAt = :at, #version = #version + :one',
      ConditionExpression: '#status = :sending AND materialised = :true',
      ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: {
        ':sent': 'sent',
        ':sending': 'sending',
        ':at': at,
        ':one': 1,
        ':true': true,
      },
    },
    () => new AppError('conflict', 'Completed by another run.'),
  );
  uow.emit(campaignSent, campaignId, {
    recipients: total,
    sent: counters.sent,
    skipped: counters.skipped,
    failed: counters.failed,
  });
  return commitUnlessConflict(uow);
};

// ---- Evidence of a send ------------------------------------------------------------------------

/** A recipient's move to `sent` with the counter, one transaction; false when it was not pending/sending. */
const recordSent = async (campaignId: string, contactId: string, messageId: string, claimedAt?: string) => {
  const at = nowIso();
  const uow = new UnitOfWork(SYSTEM_ACTOR);
  uow.update(
    campaignRecipientKey(campaignId, contactId),
    {
      UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :at',
      ConditionExpression: claimedAt
        ? '#status = :sending AND claimedAt = :claimedAt'
        : '#status IN (:pending, :sending)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':sent': 'sent',
        ':messageId': messageId,
        ':at': at,
        ':sending': 'sending',
        ...(claimedAt ? { ':claimedAt': claimedAt } : { ':pending': 'pending' }),
      },
    },
    () => new AppError('conflict', 'The recipient is not pending or sending.'),
  );
  uow.update(
    campaignStatsKey(campaignId),
    {
      UpdateExpression: 'SET entity = :entity, campaignId = :id ADD sent :one',
      ExpressionAttributeValues: { ':entity': CAMPAIGN_STATS_ENTITY, ':id': campaignId, ':one': 1 },
    },
    () => new AppError('conflict', 'Unexpected condition failure.'),
  );
  return commitUnlessConflict(uow);
};

/**
 * Evidence that SES accepted a recipient's mail (its Send or Delivery event, matched by the mail
 * ref): pending|sending → sent with the message id, and `sent` + 1, in one transaction. Idempotent
 * (a recipient already sent, skipped or failed is left alone); true when it changed the recipient.
 * The engagement feedback calls it; it may complete the campaign.
 */
export const confirmSent = async (
  campaignId: string,
  contactId: string,
  messageId: string,
): Promise<boolean> => {
  const changed = await recordSent(campaignId, contactId, messageId);
  if (changed) await completeIfDone(campaignId);
  return changed;
};

// ---- Send one batch ----------------------------------------------------------------------------

/** Recipients in `sending` whose claim is younger than the lease: the batch is retried later. */
export class RecipientsInDoubt extends Error {
  readonly contactIds: string[];
  constructor(campaignId: string, contactIds: string[]) {
    super(
      `Campaign ${campaignId}: ${contactIds.length} recipient(s) claimed by another sender within the lease; retry later.`,
    );
    this.name = 'RecipientsInDoubt';
    this.contactIds = contactIds;
  }
}

const leaseSeconds = async (): Promise<number> => {
  const fromEnv = Number(process.env.CAMPAIGN_CLAIM_LEASE_SECONDS);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return fromEnv;
  return (await readSetting(campaignSendingSetting)).claimLeaseSeconds;
};

/** When SES is emulated and nothing overrides it: aws-ses-v2-local has no account quota. */
const LOCAL_SEND_RATE = 200;

/** The account's send rate: env override, setting override, else SES GetAccount (cached). */
export const sendRate = async (client: SESv2Client = ses): Promise<number> => {
  const fromEnv = Number(process.env.CAMPAIGN_MAX_SEND_RATE);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return fromEnv;
  const setting = (await readSetting(campaignSendingSetting)).maxSendRate;
  if (setting) return setting;
  try {
    return await accountSendRate(client);
  } catch (error) {
    if (!env.sesEndpoint) throw error;
    return LOCAL_SEND_RATE;
  }
};

const pacer = new SendPacer();

/**
 * Longest a sender starts waiting for its share of the send rate (plus its own batch): well inside
 * the function's 60 s, and far below the claim lease.
 */
const MAX_PACING_WAIT_MS = 30_000;

/** The send rate is used up for longer than a sender may wait: the batch comes back later. */
export class SendRateExhausted extends Error {
  constructor(campaignId: string) {
    super(
      `Campaign ${campaignId}: the send rate is used up for the next ${MAX_PACING_WAIT_MS / 1000} s; retry later.`,
    );
    this.name = 'SendRateExhausted';
  }
}

type Claim = { contactId: string; claimedAt: string };
type Claimed = { claimed: Claim[]; inDoubt: string[] };

const isConditionFailure = (error: unknown): error is ConditionalCheckFailedException =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * Claims each recipient: pending → sending (claimedAt, attempts + 1), or a `sending` one whose claim
 * is older than the lease (nobody proved it sent in that time: its sender died before SES). A
 * younger `sending` one is in doubt; sent, skipped and failed ones are done.
 */
const claim = async (campaignId: string, contactIds: readonly string[], lease: number): Promise<Claimed> => {
  const now = clock.now();
  const claimedAt = now.toISOString();
  const cutoff = new Date(now.getTime() - lease * 1000).toISOString();
  const result: Claimed = { claimed: [], inDoubt: [] };
  await Promise.all(
    contactIds.map(async (contactId) => {
      try {
        await dynamo.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: campaignRecipientKey(campaignId, contactId),
            UpdateExpression: 'SET #status = :sending, claimedAt = :claimedAt ADD attempts :one',
            ConditionExpression:
              'entity = :entity AND (#status = :pending OR (#status = :sending AND claimedAt < :cutoff))',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':entity': CAMPAIGN_RECIPIENT_ENTITY,
              ':sending': 'sending',
              ':pending': 'pending',
              ':claimedAt': claimedAt,
              ':cutoff': cutoff,
              ':one': 1,
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        result.claimed.push({ contactId, claimedAt });
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        // The recipient as it was (ALL_OLD), left marshalled by the document client.
        if (error.Item?.status?.S === 'sending') result.inDoubt.push(contactId);
      }
    }),
  );
  return result;
};

type Outcome =
  | { contactId: string; claimedAt: string; status: 'sent'; messageId: string }
  | { contactId: string; claimedAt: string; status: 'skipped' | 'failed'; reason: string };

/**
 * Records outcomes of claims this sender holds: each recipient (conditional on the claim) and the
 * counters, one transaction. Evidence may have recorded a recipient meanwhile (its Send event
 * raced ahead): then each is recorded on its own, and the ones recorded already are left alone.
 */
const recordOutcomes = async (campaignId: string, outcomes: readonly Outcome[]): Promise<void> => {
  if (outcomes.length === 0) return;
  const build = (subset: readonly Outcome[]): UnitOfWork => {
    const at = nowIso();
    const uow = new UnitOfWork(SYSTEM_ACTOR);
    const counts = { sent: 0, skipped: 0, failed: 0 };
    for (const outcome of subset) {
      counts[outcome.status]++;
      uow.update(
        campaignRecipientKey(campaignId, outcome.contactId),
        outcome.status === 'sent'
          ? {
              UpdateExpression: 'SET #status = :status, messageId = :messageId, sentAt = :at',
              ConditionExpression: '#status = :sending AND claimedAt = :claimedAt',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':status': 'sent',
                ':messageId': outcome.messageId,
                ':at': at,
                ':sending': 'sending',
                ':claimedAt': outcome.claimedAt,
              },
            }
          : {
              UpdateExpression: 'SET #status = :status, reason = :reason',
              ConditionExpression: '#status = :sending AND claimedAt = :claimedAt',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':status': outcome.status,
                ':reason': outcome.reason.slice(0, 500),
                ':sending': 'sending',
                ':claimedAt': outcome.claimedAt,
              },
            },
        () => new AppError('conflict', 'The claim is no longer ours.'),
      );
    }
    uow.update(
      campaignStatsKey(campaignId),
      {
        UpdateExpression:
          'SET entity = :entity, campaignId = :id ADD sent :sent, skipped :skipped, failed :failed',
        ExpressionAttributeValues: {
          ':entity': CAMPAIGN_STATS_ENTITY,
          ':id': campaignId,
          ':sent': counts.sent,
          ':skipped': counts.skipped,
          ':failed': counts.failed,
        },
      },
      () => new AppError('conflict', 'Unexpected condition failure.'),
    );
    return uow;
  };
  if ((await commitUnlessConflict(build(outcomes))) || outcomes.length === 1) return;
  for (const outcome of outcomes) await commitUnlessConflict(build([outcome]));
};

/** Gives claims back (pending) after SES refused the whole request: nothing of it was sent. */
const releaseClaims = async (campaignId: string, claims: readonly Claim[]): Promise<void> => {
  await Promise.all(
    claims.map(async ({ contactId, claimedAt }) => {
      try {
        await dynamo.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: campaignRecipientKey(campaignId, contactId),
            UpdateExpression: 'SET #status = :pending REMOVE claimedAt',
            ConditionExpression: '#status = :sending AND claimedAt = :claimedAt',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':pending': 'pending',
              ':sending': 'sending',
              ':claimedAt': claimedAt,
            },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }),
  );
};

type Allowed = { claim: Claim; contact: Contact; accountName: string | null };

const accountNames = async (contacts: readonly Contact[]): Promise<Map<string, string | null>> => {
  const ids = [...new Set(contacts.map((contact) => contact.accountId).filter((id): id is string => !!id))];
  const items = await Promise.all(ids.map((id) => getItem(accountKey(id))));
  return new Map(
    ids.map((id, index) => [id, typeof items[index]?.name === 'string' ? String(items[index]?.name) : null]),
  );
};

/** SES answered (an HTTP status): it refused the request as a whole, so none of it went out. */
const refusedBySes = (error: unknown): boolean => {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
};

/** The entries of one SendBulkEmail (one SES template), ≤ 50. */
const sendGroup = async (
  client: SESv2Client,
  campaign: Campaign,
  template: Template,
  group: readonly Allowed[],
): Promise<Outcome[]> => {
  const entries: BulkEmailEntry[] = [];
  let templateName = '';
  for (const { contact, accountName } of group) {
    const ref: MailRef = { kind: 'campaign', sourceId: campaign.id, contactId: contact.id };
    const data = sesRecipientData(env.stage, template, {
      contact: { firstName: contact.firstName, lastName: contact.lastName },
      account: { name: accountName },
      unsubscribeUrl: await unsubscribeUrl(contact.id, campaign.purpose, campaign.id),
      campaign: { name: campaign.name },
      language: contact.language,
    });
    templateName = data.templateName;
    entries.push({
      Destination: { ToAddresses: [contact.email] },
      ReplacementEmailContent: { ReplacementTemplate: { ReplacementTemplateData: data.data } },
      ReplacementHeaders: [
        ...(await listUnsubscribeHeaders(contact.id, campaign.purpose, campaign.id)),
        mailRefHeader(ref),
      ],
      ReplacementTags: mailRefTags(ref),
    });
  }
  const defaults = sesRecipientData(env.stage, template, {
    campaign: { name: campaign.name },
    language: group[0]?.contact.language,
  });
  await pacer.take(entries.length, (await sendRate(client)) / CAMPAIGN_SEND_CONCURRENCY);
  const answer = await client.send(
    new SendBulkEmailCommand({
      FromEmailAddress: mailFrom(),
      ConfigurationSetName: campaign.configurationSetName,
      DefaultContent: { Template: { TemplateName: templateName, TemplateData: defaults.data } },
      BulkEmailEntries: entries,
    }),
  );
  const results = answer.BulkEmailEntryResults ?? [];
  return group.map(({ claim: held }, index): Outcome => {
    const result = results[index];
    return result?.Status === 'SUCCESS' && result.MessageId
      ? { ...held, status: 'sent', messageId: result.MessageId }
      : { ...held, status: 'failed', reason: result?.Error ?? result?.Status ?? 'SES returned no result' };
  });
};

export type BatchOutcome = {
  sent: number;
  skipped: number;
  failed: number;
  /** Recipients done before (a redelivered batch). */
  done: number;
  inDoubt: number;
  /** SendBulkEmail requests made. */
  requests: number;
};

/**
 * Sends one page of recipients (a `campaign.batch_ready`): claim, ask canSend for each right
 * before SES, one SendBulkEmail per SES template (≤ 50 entries, paced to the account's rate),
 * record each result with the counters, and complete the campaign when it was the last. Throws
 * RecipientsInDoubt (after doing the rest) when another claim within its lease blocks recipients.
 */
export const sendBatch = async (
  campaignId: string,
  contactIds: readonly string[],
  client: SESv2Client = ses,
): Promise<BatchOutcome> => {
  const outcome: BatchOutcome = { sent: 0, skipped: 0, failed: 0, done: 0, inDoubt: 0, requests: 0 };
  const current = await readCampaign(campaignId);
  // Cancelled (or gone): the recipients stay pending, nothing goes out.
  if (current?.campaign.status !== 'sending') {
    outcome.done = contactIds.length;
    return outcome;
  }
  const { campaign } = current;
  const templateItem = await getItem(templateKey(campaign.templateId));
  if (!templateItem) throw new Error(`Template ${campaign.templateId} of campaign ${campaignId} is gone.`);
  const template = templateFromItem(templateItem);

  // A sender that would wait for its share of the send rate longer than it may run claims nothing.
  if (pacer.delay() > MAX_PACING_WAIT_MS) throw new SendRateExhausted(campaignId);
  const { claimed, inDoubt } = await claim(campaignId, contactIds, await leaseSeconds());
  outcome.inDoubt = inDoubt.length;
  outcome.done = contactIds.length - claimed.length - inDoubt.length;

  const contactItems = await Promise.all(claimed.map((held) => getItem(contactKey(held.contactId))));
  const contacts = contactItems.map((item) => (item ? contactFromItem(item) : undefined));
  const names = await accountNames(contacts.filter((contact): contact is Contact => !!contact));
  const decisions: SendDecision[] = await Promise.all(
    claimed.map((_held, index) => {
      const contact = contacts[index];
      return contact
        ? canSend({ contact, kind: 'marketing', purpose: campaign.purpose })
        : Promise.resolve<SendDecision>({ allowed: false, reason: 'no_address' });
    }),
  );
  const skipped: Outcome[] = [];
  const groups = new Map<string, Allowed[]>();
  claimed.forEach((held, index) => {
    const decision = decisions[index];
    const contact = contacts[index];
    if (!decision?.allowed || !contact) {
      skipped.push({
        ...held,
        status: 'skipped',
        reason: decision && !decision.allowed ? decision.reason : 'no_address',
      });
      return;
    }
    // One SES template per call: a template with both languages has one bilingual SES copy.
    const templateName = sesRecipientData(env.stage, template, { language: contact.language }).templateName;
    const group = groups.get(templateName) ?? [];
    group.push({
      claim: held,
      contact,
      accountName: contact.accountId ? (names.get(contact.accountId) ?? null) : null,
    });
    groups.set(templateName, group);
  });
  await recordOutcomes(campaignId, skipped);
  outcome.skipped = skipped.length;

  for (const group of groups.values()) {
    let results: Outcome[];
    try {
      outcome.requests++;
      results = await sendGroup(client, campaign, template, group);
    } catch (error) {
      if (refusedBySes(error))
        await releaseClaims(
          campaignId,
          group.map((entry) => entry.claim),
        );
      // Otherwise (no answer) the claims stay in doubt until evidence or the lease resolves them.
      throw error;
    }
    await recordOutcomes(campaignId, results);
    for (const result of results) outcome[result.status]++;
  }

  await completeIfDone(campaignId);
  if (inDoubt.length > 0) {
    logger.warn('Recipients in doubt; the batch is retried', { campaignId, count: inDoubt.length });
    throw new RecipientsInDoubt(campaignId, inDoubt);
  }
  return outcome;
};
