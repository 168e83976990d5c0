import {
  AlreadyExistsException,
  CreateConfigurationSetCommand,
  CreateConfigurationSetEventDestinationCommand,
  GetAccountCommand,
  SESv2Client,
  SendBulkEmailCommand,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { campaignConfigurationSetName } from '#shared/campaigns/campaign.entity.ts';
import {
  accountSendRate,
  CAMPAIGN_EVENT_DESTINATION,
  ensureConfigurationSet,
  resetAccountSendRate,
  SendPacer,
} from '#shared/campaigns/campaign-ses.ts';

const sesMock = mockClient(SESv2Client);
const BUS = 'arn:aws:events:eu-central-1:123456789012:event-bus/default';
const client = () => new SESv2Client({ region: 'eu-central-1' });

beforeEach(() => {
  sesMock.reset();
  resetAccountSendRate();
});

describe('campaign configuration set', () => {
  it('is named per stage and campaign, within the 64 characters SES allows', () => {
    expect(campaignConfigurationSetName('prod', '01JD0000000000000000000000')).toBe(
      'frontoffice-prod-campaign-01JD0000000000000000000000',
    );
    expect(campaignConfigurationSetName('x'.repeat(40), '01JD0000000000000000000000').length).toBe(64);
  });

  it('creates the set and an EventBridge destination on the default bus for the engagement events', async () => {
    // Prepare
    sesMock.on(CreateConfigurationSetCommand).resolves({});
    sesMock.on(CreateConfigurationSetEventDestinationCommand).resolves({});

    // Act
    await ensureConfigurationSet(client(), 'frontoffice-prod-campaign-1', BUS);

    // Assess
    expect(sesMock.commandCalls(CreateConfigurationSetCommand)[0]?.args[0].input).toEqual({
      ConfigurationSetName: 'frontoffice-prod-campaign-1',
      SendingOptions: { SendingEnabled: true },
    });
    expect(sesMock.commandCalls(CreateConfigurationSetEventDestinationCommand)[0]?.args[0].input).toEqual({
      ConfigurationSetName: 'frontoffice-prod-campaign-1',
      EventDestinationName: CAMPAIGN_EVENT_DESTINATION,
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['SEND', 'DELIVERY', 'OPEN', 'CLICK', 'BOUNCE', 'COMPLAINT', 'REJECT'],
        EventBridgeDestination: { EventBusArn: BUS },
      },
    });
  });

  it('treats an existing set or destination as success (a redelivered start), other errors not', async () => {
    const exists = () => new AlreadyExistsException({ message: 'exists', $metadata: {} });
    sesMock.on(CreateConfigurationSetCommand).rejects(exists());
    sesMock.on(CreateConfigurationSetEventDestinationCommand).rejects(exists());
    await expect(ensureConfigurationSet(client(), 'set', BUS)).resolves.toBeUndefined();

    sesMock.on(CreateConfigurationSetEventDestinationCommand).rejects(new Error('AccessDenied'));
    await expect(ensureConfigurationSet(client(), 'set', BUS)).rejects.toThrow('AccessDenied');
    expect(sesMock.commandCalls(SendBulkEmailCommand)).toHaveLength(0);
  });
});

describe('send rate', () => {
  it("reads the account's MaxSendRate once per container, and asks again after a failure", async () => {
    sesMock
      .on(GetAccountCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ SendQuota: { MaxSendRate: 14 } });
    await expect(accountSendRate(client())).rejects.toThrow('throttled');
    expect(await accountSendRate(client())).toBe(14);
    expect(await accountSendRate(client())).toBe(14);
    expect(sesMock.commandCalls(GetAccountCommand)).toHaveLength(2);
  });

  it('paces batches: a batch goes at once, the next waits until the previous one is paid off', async () => {
    // Prepare: a fake monotonic clock that sleeping advances
    let now = 1000;
    const slept: number[] = [];
    const pacer = new SendPacer(
      () => now,
      async (ms) => {
        slept.push(ms);
        now += ms;
      },
    );

    // Act: 50 + 50 + 20 mails at 10 per second, the second batch 1 s after the first
    await pacer.take(50, 10);
    now += 1000;
    await pacer.take(50, 10);
    await pacer.take(20, 10);

    // Assess: 50 mails cost 5 s; the second waits the 4 s left, the third the 5 s of the second
    expect(slept).toEqual([4000, 5000]);
    expect(pacer.delay()).toBe(2000); // what a sender would wait now (it gives up beyond its limit)
  });
});
