import type { App } from 'aws-cdk-lib';
import type { EventRoute } from '#shared/platform/events/routing.ts';
import type { FeatureApi } from '#shared/platform/http/operation.ts';
import { AnalyticsStack } from './stacks/analytics-stack.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { AuthStack } from './stacks/auth-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { EventsStack } from './stacks/events-stack.ts';
import type { StageConfig } from './stage.ts';
import { physicalName } from './stage.ts';

export type FrontOfficeStacks = {
  data: DataStack;
  events: EventsStack;
  analytics: AnalyticsStack;
  auth: AuthStack;
  api: ApiStack;
};

export type FrontOfficeOptions = {
  /** Receives the DLQ alarms (`-c alarmEmail=ops@example.com`). */
  alarmEmail?: string | undefined;
  /** The routing table; tests pass their own. @default eventRoutes */
  routes?: readonly EventRoute[];
  /** The HTTP API contract; tests pass their own. @default apiCatalog */
  apis?: readonly FeatureApi[];
};

/**
 * The stacks of one stage, stateful first, resources passed as props. Stack names are
 * `frontoffice-<stage>-<name>`; the account and region come from the deploying profile.
 */
export const createFrontOffice = (
  app: App,
  config: StageConfig,
  options: FrontOfficeOptions = {},
): FrontOfficeStacks => {
  const { stage } = config;
  const stackProps = (name: string, description: string) => ({
    stackName: physicalName(stage, name),
    description: `Front Office (${stage}): ${description}`,
    tags: { project: 'frontoffice', stage },
  });

  const data = new DataStack(app, physicalName(stage, 'data'), {
    ...stackProps('data', 'single DynamoDB table and its key'),
    stage,
  });
  const events = new EventsStack(app, physicalName(stage, 'events'), {
    ...stackProps('events', 'event bus, archive, routed queues, DLQ alarms'),
    stage,
    alarmEmail: options.alarmEmail,
    ...(options.routes ? { routes: options.routes } : {}),
  });
  const analytics = new AnalyticsStack(app, physicalName(stage, 'analytics'), {
    ...stackProps('analytics', 'Firehose to Parquet in S3, Glue table, Athena workgroup'),
    stage,
    bus: events.bus,
    alarmTopic: events.alarmTopic,
    table: data.table,
    ...(options.routes ? { routes: options.routes } : {}),
  });
  const auth = new AuthStack(app, physicalName(stage, 'auth'), {
    ...stackProps('auth', 'Cognito user pool, role groups, app client'),
    stage,
  });
  const api = new ApiStack(app, physicalName(stage, 'api'), {
    ...stackProps('api', 'HTTP API, functions, outbox publisher'),
    config,
    table: data.table,
    bus: events.bus,
    jwtIssuer: auth.issuerUrl,
    jwtAudience: auth.userPoolClient.userPoolClientId,
    queueSubscriptions: events.subscriptions,
    outboxDeadLetterQueue: events.outboxDeadLetterQueue.queue,
    alarmTopic: events.alarmTopic,
    ...(options.routes ? { routes: options.routes } : {}),
    ...(options.apis ? { apis: options.apis } : {}),
  });
  return { data, events, analytics, auth, api };
};
