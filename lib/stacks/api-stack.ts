import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { apiCatalog } from '#shared/api-catalog.ts';
import { eventRoutes } from '#shared/event-routes.ts';
import { OUTBOX_ENTITY } from '#shared/platform/events/outbox.ts';
import type { EventRoute } from '#shared/platform/events/routing.ts';
import type { FeatureApi } from '#shared/platform/http/operation.ts';
import { scheduleTargets } from '#shared/schedule-targets.ts';
import { AppFunction } from '../constructs/app-function.ts';
import { DeadLetterQueue } from '../constructs/dead-letter-queue.ts';
import { OneTimeSchedules } from '../constructs/one-time-schedules.ts';
import type { QueueSubscription } from '../constructs/queue-subscription.ts';
import { emailFeedbackTimeout, SesEventsSubscription } from '../features/email-feedback.ts';
import type { FeatureResources } from '../features/feature.ts';
import { INBOUND_MAIL_PREFIX, mailBucketName } from '../features/inbound-mail.ts';
import { wiringFor } from '../features/index.ts';
import { physicalName, type StageConfig } from '../stage.ts';
import { queueRoutes } from './events-stack.ts';

export type ApiStackProps = StackProps & {
  config: StageConfig;
  table: dynamodb.ITable;
  bus: events.IEventBus;
  /** Issuer (`https://cognito-idp.<region>.amazonaws.com/<poolId>`) and audience of the JWTs. */
  jwtIssuer: string;
  jwtAudience: string;
  queueSubscriptions: ReadonlyMap<string, QueueSubscription>;
  outboxDeadLetterQueue: sqs.IQueue;
  /** Where the alarms of this stack's own DLQs notify. */
  alarmTopic: sns.ITopic;
  /** The routing table. @default eventRoutes */
  routes?: readonly EventRoute[];
  /** The HTTP API contract. @default apiCatalog */
  apis?: readonly FeatureApi[];
};

/** HTTP methods of the catalog as API Gateway's enum. */
const METHODS: Record<string, apigw.HttpMethod> = {
  GET: apigw.HttpMethod.GET,
  POST: apigw.HttpMethod.POST,
  PUT: apigw.HttpMethod.PUT,
  PATCH: apigw.HttpMethod.PATCH,
  DELETE: apigw.HttpMethod.DELETE,
};

/**
 * Stateless: every function and the HTTP API in front of them. Routes come from `apiCatalog`
 * (one function per FeatureApi, one route per operation, the JWT authorizer unless the
 * operation is public); the outbox publisher reads the table stream and is the only writer to
 * the bus; queue consumers attach to the queues of `eventRoutes` that name one.
 */
export class ApiStack extends Stack {
  readonly httpApi: apigw.HttpApi;
  readonly functions: ReadonlyMap<string, AppFunction>;
  readonly outboxPublisher: AppFunction;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, table, bus } = props;
    const { stage } = config;
    const logRetention = retentionOf(config.logRetentionDays);
    const resources: FeatureResources = { stage, table, bus };
    const functions = new Map<string, AppFunction>();
    const apis = props.apis ?? apiCatalog;

    const featureFunction = (functionName: string, extra?: { timeout?: Duration }): AppFunction => {
      const existing = functions.get(functionName);
      if (existing) return existing;
      const publicRoutes = apis.some(
        (api) =>
          api.functionName === functionName &&
          Object.values(api.operations).some(
            (operation) => 'public' in operation.access && operation.access.rateLimited,
          ),
      );
      const wiring = wiringFor(functionName, { publicRoutes });
      const fn = new AppFunction(this, `Fn-${functionName}`, {
        stage,
        name: functionName,
        description: wiring.description,
        logRetention,
        ...(wiring.memorySize ? { memorySize: wiring.memorySize } : {}),
        ...((extra?.timeout ?? wiring.timeout) ? { timeout: extra?.timeout ?? wiring.timeout } : {}),
      });
      wiring.wire(fn, resources);
      functions.set(functionName, fn);
      return fn;
    };

    // --- HTTP API ------------------------------------------------------------------------------
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      apiName: physicalName(stage, 'api'),
      description: 'Front Office operational CRM API',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${physicalName(stage, 'api')}`,
      retention: logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const defaultStage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      // The global ceiling; per-client limits of public routes live in the table (rate-limit.ts).
      throttle: config.apiThrottle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: apigateway.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            // The caller's id (a UUID) rather than the IP address: no personal data in logs.
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    const authorizer = new HttpJwtAuthorizer('CognitoJwt', props.jwtIssuer, {
      authorizerName: 'cognito-jwt',
      jwtAudience: [props.jwtAudience],
      identitySource: ['$request.header.Authorization'],
    });
    const noAuth = new apigw.HttpNoneAuthorizer();

    for (const api of apis) {
      const fn = featureFunction(api.functionName);
      const integration = new HttpLambdaIntegration(`Integration-${api.functionName}`, fn.function);
      for (const [operationId, operation] of Object.entries(api.operations)) {
        const isPublic = 'public' in operation.access;
        const method = METHODS[operation.method];
        if (!method)
          throw new Error(`${api.functionName}.${operationId}: unsupported method ${operation.method}`);
        const [route] = this.httpApi.addRoutes({
          path: operation.path,
          methods: [method],
          integration,
          authorizer: isPublic ? noAuth : authorizer,
        });
        if (isPublic && route) {
          Validations.of(route).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: `${operation.method} ${operation.path} is public by contract (access: public); public business routes are rate-limited per client in the table, infrastructure routes by the stage throttle.`,
          });
        }
      }
    }

    // Everything else answers 404/405 as problem+json from the system function, without a token.
    const fallback = new apigw.HttpRoute(this, 'DefaultRoute', {
      httpApi: this.httpApi,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('Integration-default', featureFunction('system').function),
      authorizer: noAuth,
    });
    Validations.of(fallback).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'The $default route only answers 404/405 (problem+json) for unknown routes; it reaches no data.',
    });

    // --- Outbox publisher: table stream → bus ---------------------------------------------------
    this.outboxPublisher = new AppFunction(this, 'Fn-outbox-publisher', {
      stage,
      name: 'outbox-publisher',
      description: 'Front Office outbox publisher: new outbox items on the stream → EventBridge',
      logRetention,
      timeout: Duration.seconds(30),
      memorySize: 256,
    });
    this.outboxPublisher.bindEventBus(bus);
    this.outboxPublisher.function.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 50,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 10,
        reportBatchItemFailures: true,
        parallelizationFactor: 1, // keeps the stream order per item
        onFailure: new SqsDlq(props.outboxDeadLetterQueue),
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual(OUTBOX_ENTITY) } } },
          }),
        ],
      }),
    );
    Validations.of(this.outboxPublisher.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams has no resource-level permissions (added by the stream event source); X-Ray likewise.',
    });
    functions.set('outbox-publisher', this.outboxPublisher);

    // --- Queue consumers (routes that name one) --------------------------------------------------
    for (const route of queueRoutes(props.routes ?? eventRoutes)) {
      const consumer = route.target.consumer;
      const subscription = props.queueSubscriptions.get(route.name);
      if (!consumer || !subscription) continue;
      // Lambda's guidance: the queue's visibility timeout is at least six times the function's.
      const timeout = Duration.seconds(Math.max(3, Math.floor(route.target.visibilityTimeoutSeconds / 6)));
      if (functions.has(consumer)) {
        throw new Error(
          `Route ${route.name}: consumer ${consumer} must be a function of its own, not an API's.`,
        );
      }
      const fn = featureFunction(consumer, { timeout });
      fn.function.addEventSource(
        new SqsEventSource(subscription.queue, {
          batchSize: route.target.batchSize,
          reportBatchItemFailures: true,
          ...(route.target.maxConcurrency ? { maxConcurrency: route.target.maxConcurrency } : {}),
        }),
      );
    }

    // --- One-time schedules (SLA timers): EventBridge Scheduler invokes the targets -------------
    // Failed invocations stay in this stack: a queue policy naming a rule here from the events
    // stack would make the two stacks depend on each other.
    const invocationsDlq = new DeadLetterQueue(this, 'InvocationsDlq', {
      queueName: physicalName(stage, 'invocations-dlq'),
      alarmTopic: props.alarmTopic,
    });
    const timers = new OneTimeSchedules(this, 'Timers', {
      groupName: physicalName(stage, 'timers'),
      deadLetterQueue: invocationsDlq.queue,
    });
    for (const target of scheduleTargets) {
      const fn = featureFunction(target.name);
      timers.addTarget(fn);
      for (const creator of target.creators)
        timers.bindCreator(featureFunction(creator), [{ name: target.name, fn }]);
    }

    // --- Inbound mail: SES stored a mail in the mail bucket → inbound-mail ------------------------
    // S3 "Object Created" on the default bus: the bucket needs no notification pointing at this stack.
    const inboundMail = featureFunction('inbound-mail', { timeout: Duration.seconds(60) });
    new events.Rule(this, 'InboundMailStored', {
      ruleName: physicalName(stage, 'inbound-mail-stored'),
      description: 'A mail SES stored in the mail bucket becomes a ticket or a reply.',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [mailBucketName(stage)] },
          object: { key: [{ prefix: INBOUND_MAIL_PREFIX }] },
        },
      },
      targets: [
        new eventTargets.LambdaFunction(inboundMail.function, {
          retryAttempts: 4,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: invocationsDlq.queue,
        }),
      ],
    });

    // --- Engagement feedback: SES events (default bus) → ses-events queue → email-feedback --------
    new SesEventsSubscription(this, 'SesEvents', {
      stage,
      consumer: featureFunction('email-feedback', { timeout: emailFeedbackTimeout() }),
      alarmTopic: props.alarmTopic,
    });

    this.functions = functions;
    new CfnOutput(this, 'ApiUrl', { value: defaultStage.url });
  }
}

const RETENTION: Record<StageConfig['logRetentionDays'], logs.RetentionDays> = {
  30: logs.RetentionDays.ONE_MONTH,
  90: logs.RetentionDays.THREE_MONTHS,
  365: logs.RetentionDays.ONE_YEAR,
};
const retentionOf = (days: StageConfig['logRetentionDays']): logs.RetentionDays => RETENTION[days];
