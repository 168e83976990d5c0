import {
  type CampaignRecipient,
  campaignRecipientFromItem,
  campaignRecipientKey,
  campaignStatsKey,
  type Engagement,
} from '#shared/campaigns/campaign-recipient.entity.ts';
import { contactFromItem, contactKey } from '#shared/contacts/contact.entity.ts';
import { leadEmailKey, leadFromItem, leadKey } from '#shared/leads/lead.entity.ts';
import { type BehaviourType, OPEN_LEAD_STATUSES } from '#shared/leads/lead.schema.ts';
import { recordBehaviour, withRetries } from '#shared/leads/lead.service.ts';
import type { MailRef } from '#shared/mail/mail-ref.ts';
import { getItem, queryPage } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import { logger } from '#shared/platform/logger.ts';
import { addSuppression } from '#shared/suppressions/suppression.service.ts';
import { type ConfirmSent, confirmSent as confirmSentOfCampaigns } from './confirm-sent.port.ts';
import { engagementMarkerItem } from './engagement.entity.ts';
import {
  emailBounced,
  emailClicked,
  emailComplained,
  emailDelivered,
  emailOpened,
} from './engagement.events.ts';
import { linkHostOf, linkPathOf, mailRefOf, occurredAtOf, type SesEventDetail } from './ses-event.schema.ts';

/**
 * What one SES event did:
 * - recorded: the engagement was recorded now (once per recipient and kind);
 * - duplicate: it had been recorded before (a redelivery, or a second open/click);
 * - confirmed: a Send event confirmed a campaign recipient whose send was in doubt;
 * - suppressed: a bounce or complaint of mail that is not campaign or sequence mail suppressed the address;
 * - unknown-recipient: the mail names a campaign recipient that does not exist (deleted, erased);
 * - ignored: nothing to do (a Send of a settled recipient, an engagement of other mail).
 */
export type EngagementOutcome =
  | 'recorded'
  | 'duplicate'
  | 'confirmed'
  | 'suppressed'
  | 'unknown-recipient'
  | 'ignored';

export type EngagementDeps = { confirmSent: ConfirmSent };

const DEFAULT_DEPS: EngagementDeps = { confirmSent: confirmSentOfCampaigns };

type EngagementDetail = Exclude<SesEventDetail, { eventType: 'Send' }>;

const ENGAGEMENT_OF: Record<EngagementDetail['eventType'], Engagement> = {
  Delivery: 'delivered',
  Open: 'opened',
  Click: 'clicked',
  Bounce: 'bounced',
  Complaint: 'complained',
};

const BEHAVIOUR_OF: Partial<Record<Engagement, BehaviourType>> = {
  opened: 'email_open',
  clicked: 'email_click',
};

class AlreadyRecorded extends Error {}
class UnknownRecipient extends Error {}

/** The sender has not settled it yet: SES's report is the proof the mail went out. */
const IN_DOUBT: readonly CampaignRecipient['status'][] = ['pending', 'sending'];

const readRecipient = async (ref: MailRef): Promise<CampaignRecipient | undefined> => {
  const item = await getItem(campaignRecipientKey(ref.sourceId, ref.contactId));
  return item ? campaignRecipientFromItem(item) : undefined;
};

/** The addresses a bounce or complaint names (never logged, never in events). */
const affectedAddresses = (detail: EngagementDetail): string[] => {
  if (detail.eventType === 'Bounce') return detail.bounce.bouncedRecipients.map((r) => r.emailAddress);
  if (detail.eventType === 'Complaint')
    return detail.complaint.complainedRecipients.map((r) => r.emailAddress);
  return [];
};

/** Permanent bounces and complaints put the address on the suppression list; nothing else does. */
const suppressionReasonOf = (detail: EngagementDetail): 'hard_bounce' | 'complaint' | undefined => {
  if (detail.eventType === 'Bounce')
    return detail.bounce.bounceType === 'Permanent' ? 'hard_bounce' : undefined;
  if (detail.eventType === 'Complaint') return 'complaint';
  return undefined;
};

const suppress = async (uow: UnitOfWork, detail: EngagementDetail, contactId: string | null) => {
  const reason = suppressionReasonOf(detail);
  if (!reason) return;
  for (const email of new Set(affectedAddresses(detail).map((value) => value.trim().toLowerCase()))) {
    await addSuppression(uow, { email, reason, source: 'ses_event', contactId });
  }
};

/**
 * The contact's open lead (new, working or mql): the one linked to the contact, else the one
 * holding the contact's address. Undefined when there is none (then nothing is scored).
 */
const openLeadOf = async (contactId: string): Promise<string | undefined> => {
  const linked = await queryPage({ index: 'gsi1', pk: `CONTACT#${contactId}`, skPrefix: 'LEAD#', limit: 20 });
  const open = linked.items
    .map(leadFromItem)
    .filter((lead) => OPEN_LEAD_STATUSES.includes(lead.status))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  if (open) return open.id;
  const contactItem = await getItem(contactKey(contactId));
  if (!contactItem) return undefined;
  const claim = await getItem(leadEmailKey(contactFromItem(contactItem).email));
  if (typeof claim?.leadId !== 'string') return undefined;
  const leadItem = await getItem(leadKey(claim.leadId));
  const lead = leadItem ? leadFromItem(leadItem) : undefined;
  return lead && OPEN_LEAD_STATUSES.includes(lead.status) ? lead.id : undefined;
};

const emit = (uow: UnitOfWork, detail: EngagementDetail, ref: MailRef) => {
  const data = {
    source: ref.kind,
    campaignId: ref.kind === 'campaign' ? ref.sourceId : null,
    sequenceId: ref.kind === 'sequence' ? ref.sourceId : null,
    messageId: detail.mail.messageId,
  };
  switch (detail.eventType) {
    case 'Delivery':
      return uow.emit(emailDelivered, ref.contactId, data);
    case 'Open':
      return uow.emit(emailOpened, ref.contactId, data);
    case 'Click':
      return uow.emit(emailClicked, ref.contactId, {
        ...data,
        linkHost: linkHostOf(detail.click.link) ?? null,
      });
    case 'Bounce':
      return uow.emit(emailBounced, ref.contactId, {
        ...data,
        bounceType: detail.bounce.bounceType.toLowerCase() as 'permanent' | 'transient' | 'undetermined',
        bounceSubType: detail.bounce.bounceSubType,
      });
    case 'Complaint':
      return uow.emit(emailComplained, ref.contactId, {
        ...data,
        feedbackType: detail.complaint.complaintFeedbackType ?? null,
      });
  }
};

/**
 * The guard that makes an engagement count once. Campaign mail: the recipient's `<x>At` is set
 * only if it is not set yet (and the recipient exists), and the campaign's counter moves in the
 * same transaction. Sequence mail: a marker per message and engagement.
 */
const guard = (
  uow: UnitOfWork,
  detail: EngagementDetail,
  ref: MailRef,
  engagement: Engagement,
  at: string,
) => {
  if (ref.kind === 'sequence') {
    uow.create(
      engagementMarkerItem({ messageId: detail.mail.messageId, engagement, contactId: ref.contactId, at }),
      () => new AlreadyRecorded(),
      2,
    );
    return;
  }
  const bounceType = detail.eventType === 'Bounce' ? detail.bounce.bounceType.toLowerCase() : undefined;
  uow.update(
    campaignRecipientKey(ref.sourceId, ref.contactId),
    {
      UpdateExpression: `SET #at = :at${bounceType ? ', #bounceType = :bounceType' : ''}`,
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#at)',
      ExpressionAttributeNames: {
        '#at': `${engagement}At`,
        ...(bounceType ? { '#bounceType': 'bounceType' } : {}),
      },
      ExpressionAttributeValues: { ':at': at, ...(bounceType ? { ':bounceType': bounceType } : {}) },
    },
    (current) => (current ? new AlreadyRecorded() : new UnknownRecipient()),
    2,
  );
  uow.update(
    campaignStatsKey(ref.sourceId),
    {
      UpdateExpression: 'ADD #counter :one',
      ExpressionAttributeNames: { '#counter': engagement },
      ExpressionAttributeValues: { ':one': 1 },
    },
    () => new Error('Unexpected condition failure on campaign stats.'),
  );
};

/** Records one engagement of campaign or sequence mail: guard, counter, event, suppression, score. */
const recordEngagement = async (detail: EngagementDetail, ref: MailRef): Promise<EngagementOutcome> => {
  const engagement = ENGAGEMENT_OF[detail.eventType];
  const at = occurredAtOf(detail);
  const behaviour = BEHAVIOUR_OF[engagement];
  const leadId = behaviour ? await openLeadOf(ref.contactId) : undefined;
  try {
    await withRetries(SYSTEM_ACTOR, async (uow) => {
      guard(uow, detail, ref, engagement, at);
      emit(uow, detail, ref);
      await suppress(uow, detail, ref.contactId);
      if (behaviour && leadId) {
        const url = detail.eventType === 'Click' ? linkPathOf(detail.click.link) : undefined;
        await recordBehaviour(
          leadId,
          {
            type: behaviour,
            occurredAt: at,
            ...(url ? { url } : {}),
            data: {
              [ref.kind === 'campaign' ? 'campaignId' : 'sequenceId']: ref.sourceId,
              messageId: detail.mail.messageId,
            },
          },
          uow,
        );
      }
    });
  } catch (error) {
    if (error instanceof AlreadyRecorded) return 'duplicate';
    if (error instanceof UnknownRecipient) {
      logger.warn('SES event for an unknown campaign recipient', {
        campaignId: ref.sourceId,
        contactId: ref.contactId,
        messageId: detail.mail.messageId,
      });
      // The address still must not be mailed again (the list survives the contact's erasure).
      if (suppressionReasonOf(detail)) await withRetries(SYSTEM_ACTOR, (uow) => suppress(uow, detail, null));
      return 'unknown-recipient';
    }
    throw error;
  }
  logger.info('Engagement recorded', {
    engagement,
    kind: ref.kind,
    sourceId: ref.sourceId,
    contactId: ref.contactId,
    messageId: detail.mail.messageId,
    scoredLeadId: behaviour ? (leadId ?? null) : undefined,
  });
  return 'recorded';
};

/** A campaign recipient still pending or sending: SES's Send or Delivery settles it (the sender's use case). */
const confirmIfInDoubt = async (
  ref: MailRef,
  messageId: string,
  deps: EngagementDeps,
): Promise<'confirmed' | 'settled' | 'unknown-recipient'> => {
  const recipient = await readRecipient(ref);
  if (!recipient) return 'unknown-recipient';
  if (!IN_DOUBT.includes(recipient.status)) return 'settled';
  await deps.confirmSent(ref.sourceId, ref.contactId, messageId);
  return 'confirmed';
};

/**
 * Handles one SES event (at least once, in any order): finds the send it belongs to and records
 * what happened. Idempotent: a redelivered event finds its guard taken and changes nothing.
 */
export const handleSesEvent = async (
  detail: SesEventDetail,
  deps: EngagementDeps = DEFAULT_DEPS,
): Promise<EngagementOutcome> => {
  const ref = mailRefOf(detail.mail);
  const messageId = detail.mail.messageId;
  if (detail.eventType === 'Send') {
    if (ref?.kind !== 'campaign') return 'ignored';
    const settled = await confirmIfInDoubt(ref, messageId, deps);
    return settled === 'confirmed' ? 'confirmed' : settled === 'unknown-recipient' ? settled : 'ignored';
  }
  if (!ref) {
    // Transactional or foreign mail: no stats, no contact event, but a hard bounce or complaint
    // still means the address must not be mailed again.
    if (!suppressionReasonOf(detail)) return 'ignored';
    await withRetries(SYSTEM_ACTOR, (uow) => suppress(uow, detail, null));
    logger.info('Address suppressed from an SES event of other mail', { messageId, type: detail.eventType });
    return 'suppressed';
  }
  // A missing recipient is told by the guard below (unknown-recipient).
  if (ref.kind === 'campaign' && detail.eventType === 'Delivery')
    await confirmIfInDoubt(ref, messageId, deps);
  return recordEngagement(detail, ref);
};
