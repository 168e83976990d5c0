import {
  AlreadyExistsException,
  CreateConfigurationSetCommand,
  type CreateConfigurationSetCommandInput,
  CreateConfigurationSetEventDestinationCommand,
  type CreateConfigurationSetEventDestinationCommandInput,
  GetAccountCommand,
  type SESv2Client,
} from '@aws-sdk/client-sesv2';

/** The SES events a campaign's configuration set publishes (engagement feedback, docs/campaigns.md). */
export const CAMPAIGN_EVENT_TYPES = [
  'SEND',
  'DELIVERY',
  'OPEN',
  'CLICK',
  'BOUNCE',
  'COMPLAINT',
  'REJECT',
] as const;

export const CAMPAIGN_EVENT_DESTINATION = 'frontoffice-eventbridge';

/** The two requests that set up a campaign's configuration set: the set, and its EventBridge destination. */
export const configurationSetRequests = (
  name: string,
  eventBusArn: string,
): {
  configurationSet: CreateConfigurationSetCommandInput;
  eventDestination: CreateConfigurationSetEventDestinationCommandInput;
} => ({
  configurationSet: {
    ConfigurationSetName: name,
    SendingOptions: { SendingEnabled: true },
  },
  eventDestination: {
    ConfigurationSetName: name,
    EventDestinationName: CAMPAIGN_EVENT_DESTINATION,
    EventDestination: {
      Enabled: true,
      MatchingEventTypes: [...CAMPAIGN_EVENT_TYPES],
      EventBridgeDestination: { EventBusArn: eventBusArn },
    },
  },
});

const alreadyThere = (error: unknown): boolean =>
  error instanceof AlreadyExistsException ||
  (error as { name?: string } | undefined)?.name === 'AlreadyExistsException';

/**
 * Creates the configuration set with its EventBridge destination when missing (idempotent: both
 * AlreadyExists answers are success). The default bus is the only one SES publishes to.
 */
export const ensureConfigurationSet = async (
  client: SESv2Client,
  name: string,
  eventBusArn: string,
): Promise<void> => {
  const requests = configurationSetRequests(name, eventBusArn);
  try {
    await client.send(new CreateConfigurationSetCommand(requests.configurationSet));
  } catch (error) {
    if (!alreadyThere(error)) throw error;
  }
  try {
    await client.send(new CreateConfigurationSetEventDestinationCommand(requests.eventDestination));
  } catch (error) {
    if (!alreadyThere(error)) throw error;
  }
};

/** The account's SES send quota (mails per second), asked once per container. */
let accountRate: Promise<number> | undefined;
export const accountSendRate = (client: SESv2Client): Promise<number> => {
  accountRate ??= client.send(new GetAccountCommand({})).then(
    (account) => {
      const rate = account.SendQuota?.MaxSendRate;
      if (!rate || rate <= 0) throw new Error('SES GetAccount answered no MaxSendRate.');
      return rate;
    },
    (error: unknown) => {
      accountRate = undefined; // ask again next time
      throw error;
    },
  );
  return accountRate;
};

/** Forgets the cached quota (tests). */
export const resetAccountSendRate = (): void => {
  accountRate = undefined;
};

/**
 * Paces sends to a rate (mails per second) within one container: a token bucket that may run into
 * debt, so a batch of 50 at 14/s goes at once and the next waits until the 50 are paid off. Time is
 * the monotonic clock (performance.now), not the business clock, which tests freeze or move.
 */
export class SendPacer {
  private availableAt = 0;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    now: () => number = () => performance.now(),
    sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.now = now;
    this.sleep = sleep;
  }

  /** Milliseconds until the next mail may go. */
  delay(): number {
    return Math.max(0, this.availableAt - this.now());
  }

  /** Waits until `count` mails may go at `ratePerSecond`; returns the milliseconds waited. */
  async take(count: number, ratePerSecond: number): Promise<number> {
    const start = this.now();
    const wait = Math.max(0, this.availableAt - start);
    this.availableAt = Math.max(start, this.availableAt) + (count / ratePerSecond) * 1000;
    if (wait > 0) await this.sleep(wait);
    return wait;
  }
}
