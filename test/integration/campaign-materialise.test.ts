import { describe, expect, it } from 'vitest';
import { inbox } from '../support/ses-local-env.ts';

process.env.CAMPAIGN_MAX_SEND_RATE = '1000';

const { invoke } = await import('../support/invoke.ts');
const { busMessage, sqsEvent } = await import('../support/order-fixture.ts');
const { eventsOf, outboxEvents } = await import('../support/outbox.ts');
const { materialiseRecipients } = await import('#shared/campaigns/campaign-send.service.ts');
const { consume: sendBatches } = await import('../../functions/campaign-sender/campaign-sender.handler.ts');
const { UnitOfWork } = await import('#shared/platform/db/unit-of-work.ts');
const { SYSTEM_ACTOR } = await import('#shared/platform/events/event.ts');
const { newId } = await import('#shared/platform/ids.ts');
const { segmentCountKey, segmentMemberKey } = await import('#shared/segments/segment.entity.ts');
const { dynamo } = await import('#shared/platform/db/client.ts');
const { tableName } = await import('#shared/platform/db/table.ts');
const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');

/** A built segment of `count` members (generation 1) and 5 leftovers of an older generation. */
const builtSegment = async (count: number): Promise<{ segmentId: string; members: string[] }> => {
  const segment = await invoke('POST', '/v1/segments', {
    body: { name: 'Gebaut', rule: { all: [{ field: 'language', op: 'eq', value: 'en' }] } },
    role: 'marketing',
  });
  const segmentId = segment.json.id as string;
  const members = Array.from({ length: count }, () => newId()).sort();
  for (let index = 0; index < count + 5; index += 25) {
    const uow = new UnitOfWork(SYSTEM_ACTOR);
    for (let offset = index; offset < Math.min(index + 25, count + 5); offset++) {
      const contactId = members[offset] ?? newId();
      uow.create(
        {
          ...segmentMemberKey(segmentId, contactId),
          entity: 'segment-member',
          contactId,
          generation: offset < count ? 1 : 0,
        },
        () => new Error('exists'),
      );
    }
    await uow.commit();
  }
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: segmentCountKey(segmentId),
      UpdateExpression: 'SET #state = :ready, #count = :count',
      ExpressionAttributeNames: { '#state': 'state', '#count': 'count' },
      ExpressionAttributeValues: { ':ready': 'ready', ':count': count },
    }),
  );
  return { segmentId, members };
};

/** The smallest marketing template a campaign may send: English, with the unsubscribe link. */
const marketingTemplate = async (): Promise<string> => {
  const template = await invoke('POST', '/v1/templates', {
    body: {
      name: 'Brief',
      kind: 'marketing',
      variants: {
        en: { subject: 'Hi', html: '<a href="{{{unsubscribeUrl}}}">x</a>', text: '{{unsubscribeUrl}}' },
      },
    },
  });
  return template.json.id as string;
};

describe('campaign recipients', () => {
  it('writes each member once, page by page, across continuations and redeliveries', async () => {
    // Prepare: 120 members of the current generation (3 pages), a started campaign
    const { segmentId, members } = await builtSegment(120);
    const templateId = await marketingTemplate();
    const campaign = await invoke('POST', '/v1/campaigns', {
      body: { name: 'Pages', segmentId, templateId },
    });
    const id = campaign.json.id as string;
    const send = await invoke('POST', `/v1/campaigns/${id}/send`);
    expect(send.json).toMatchObject({ status: 'sending', segmentGeneration: 1 });

    // Act: a run of one page, then a redelivery racing the continuation, then the rest
    expect(await materialiseRecipients(id, { maxPages: 1 })).toEqual({
      pages: 1,
      recipients: 50,
      done: false,
    });
    expect(await eventsOf(id, 'campaign.recipients_continued')).toHaveLength(1);
    const racing = await Promise.all([
      materialiseRecipients(id, { maxPages: 1 }),
      materialiseRecipients(id, { maxPages: 1 }),
    ]);
    expect(racing.reduce((sum, run) => sum + run.pages, 0)).toBeGreaterThanOrEqual(1);
    while (!(await materialiseRecipients(id)).done);
    expect(await materialiseRecipients(id)).toEqual({ pages: 0, recipients: 0, done: true });

    // Assess: one batch per page, every member exactly once, none of the old generation
    const batches = await outboxEvents({ name: 'campaign.batch_ready', subjectId: id });
    const written = batches.flatMap((event) => event.data.contactIds as string[]);
    expect(batches.map((event) => event.data.page).sort()).toEqual([0, 1, 2]);
    expect(written.sort()).toEqual(members);
    const recipients = await invoke('GET', `/v1/campaigns/${id}/recipients?limit=200&status=pending`);
    expect(recipients.json.items).toHaveLength(120);
    expect((await invoke('GET', `/v1/campaigns/${id}/stats`)).json).toMatchObject({
      recipients: 120,
      sent: 0,
    });

    // Members without a contact are skipped (no address); the campaign then completes once
    for (const event of batches)
      expect((await sendBatches(sqsEvent([busMessage(event)]), {} as never)).batchItemFailures).toEqual([]);
    expect((await invoke('GET', `/v1/campaigns/${id}/stats`)).json).toMatchObject({ skipped: 120, sent: 0 });
    expect((await invoke('GET', `/v1/campaigns/${id}`)).json.status).toBe('sent');
    expect(await eventsOf(id, 'campaign.sent')).toHaveLength(1);
    expect(await inbox()).toHaveLength(0);
  }, 120_000);

  it('completes an empty segment at once, and sends nothing for a cancelled campaign', async () => {
    const { segmentId } = await builtSegment(0);
    const templateId = await marketingTemplate();
    const empty = await invoke('POST', '/v1/campaigns', {
      body: { name: 'Empty', segmentId, templateId },
    });
    await invoke('POST', `/v1/campaigns/${empty.json.id}/send`);
    expect(await materialiseRecipients(empty.json.id)).toEqual({ pages: 1, recipients: 0, done: true });
    expect((await invoke('GET', `/v1/campaigns/${empty.json.id}`)).json.status).toBe('sent');
    expect((await eventsOf(empty.json.id, 'campaign.sent'))[0]?.data).toEqual({
      recipients: 0,
      sent: 0,
      skipped: 0,
      failed: 0,
    });

    const { segmentId: other } = await builtSegment(10);
    const cancelled = await invoke('POST', '/v1/campaigns', {
      body: { name: 'Cancelled', segmentId: other, templateId },
    });
    await invoke('POST', `/v1/campaigns/${cancelled.json.id}/send`);
    await materialiseRecipients(cancelled.json.id);
    expect((await invoke('POST', `/v1/campaigns/${cancelled.json.id}/cancel`)).json.status).toBe('cancelled');
    const [batch] = await outboxEvents({ name: 'campaign.batch_ready', subjectId: cancelled.json.id });
    expect(
      (await sendBatches(sqsEvent([busMessage(batch as never)]), {} as never)).batchItemFailures,
    ).toEqual([]);
    const pending = await invoke('GET', `/v1/campaigns/${cancelled.json.id}/recipients?status=pending`);
    expect(pending.json.items).toHaveLength(10);
  });
});
