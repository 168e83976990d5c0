import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { mailRefFromTags, mailRefHeader, mailRefTags } from '#shared/mail/mail-ref.ts';
import { sendMail } from '#shared/mail/mailer.ts';

const sesMock = mockClient(SESv2Client);
afterAll(() => sesMock.restore());

describe('sendMail with a mail reference', () => {
  it('passes SES message tags and the configuration set next to the headers', async () => {
    sesMock.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const ref = { kind: 'sequence' as const, sourceId: '01JZSEQ', contactId: '01JZCONTACT' };

    const id = await sendMail({
      to: 'anna@example.com',
      subject: 'Hallo',
      html: '<p>Hallo</p>',
      text: 'Hallo',
      headers: [mailRefHeader(ref)],
      tags: mailRefTags(ref),
      configurationSetName: 'frontoffice-test-engagement',
    });

    expect(id).toBe('m-1');
    const input = sesMock.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.EmailTags).toEqual(mailRefTags(ref));
    expect(input?.ConfigurationSetName).toBe('frontoffice-test-engagement');
    expect(input?.Content?.Simple?.Headers).toEqual([
      { Name: 'X-FrontOffice-Ref', Value: 'sequence.01JZSEQ.01JZCONTACT' },
    ]);
    const tags = Object.fromEntries((input?.EmailTags ?? []).map((tag) => [tag.Name, [tag.Value ?? '']]));
    expect(mailRefFromTags(tags)).toEqual(ref);
  });

  it('sends neither tags nor a configuration set when none are given', async () => {
    sesMock.reset();
    sesMock.on(SendEmailCommand).resolves({ MessageId: 'm-2' });
    await sendMail({ to: 'anna@example.com', subject: 'Hallo', html: '<p>Hallo</p>', text: 'Hallo' });
    const input = sesMock.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input).not.toHaveProperty('EmailTags');
    expect(input).not.toHaveProperty('ConfigurationSetName');
  });
});
