import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiCatalog } from '#shared/api-catalog.ts';
import { eventRoutes } from '#shared/event-routes.ts';
import { routeKey } from '#shared/platform/http/operation.ts';
import { ROLES } from '#shared/platform/roles.ts';
import { scheduleTargets } from '#shared/schedule-targets.ts';
import {
  actionsOf,
  resourcesOf,
  type SynthesizedApp,
  statementsByRole,
  synthFrontOffice,
} from './synth-app.ts';

let app: SynthesizedApp;

// One synthesis (with cdk-nag AwsSolutions) for the whole file: bundling takes seconds.
beforeAll(() => {
  app = synthFrontOffice('test');
}, 120_000);

const functionsByName = () => {
  const byName = new Map<string, { logicalId: string; roleId: string; props: Record<string, unknown> }>();
  for (const [logicalId, fn] of resourcesOf(app.templates.api, 'AWS::Lambda::Function')) {
    const props = fn.Properties as { FunctionName: string; Role: { 'Fn::GetAtt': [string, string] } };
    byName.set(props.FunctionName.replace('frontoffice-test-', ''), {
      logicalId,
      roleId: props.Role['Fn::GetAtt'][0],
      props: props as Record<string, unknown>,
    });
  }
  return byName;
};

const actionsOfFunction = (name: string): string[] => {
  const fn = functionsByName().get(name);
  if (!fn) throw new Error(`no function ${name}`);
  return actionsOf(statementsByRole(app.templates.api).get(fn.roleId) ?? []);
};

describe('HTTP API routes from apiCatalog', () => {
  const routes = () =>
    new Map(
      resourcesOf(app.templates.api, 'AWS::ApiGatewayV2::Route').map(([, route]) => [
        (route.Properties as { RouteKey: string }).RouteKey,
        route.Properties as { AuthorizationType?: string; AuthorizerId?: unknown; Target: unknown },
      ]),
    );

  it('has one route per catalog operation plus $default, and nothing else', () => {
    const expected = apiCatalog.flatMap((api) => Object.values(api.operations).map(routeKey));
    expect([...routes().keys()].sort()).toEqual([...expected, '$default'].sort());
  });

  it('puts the JWT authorizer on every non-public route and none on public ones', () => {
    const all = routes();
    for (const api of apiCatalog) {
      for (const operation of Object.values(api.operations)) {
        const route = all.get(routeKey(operation));
        if ('public' in operation.access) {
          expect(route?.AuthorizationType ?? 'NONE', routeKey(operation)).toBe('NONE');
          expect(route?.AuthorizerId, routeKey(operation)).toBeUndefined();
        } else {
          expect(route?.AuthorizationType, routeKey(operation)).toBe('JWT');
          expect(route?.AuthorizerId, routeKey(operation)).toBeDefined();
        }
      }
    }
  });

  it('validates Cognito JWTs: issuer of the user pool, audience the app client', () => {
    app.templates.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: Match.objectLike({
          'Fn::Join': Match.arrayWith([Match.arrayWith(['https://cognito-idp.'])]),
        }),
        Audience: Match.anyValue(),
      },
    });
  });

  it('sends each feature operation to its own function and $default to the system function', () => {
    const integrations = new Map(
      resourcesOf(app.templates.api, 'AWS::ApiGatewayV2::Integration').map(([id, integration]) => [
        id,
        JSON.stringify((integration.Properties as { IntegrationUri: unknown }).IntegrationUri),
      ]),
    );
    const functions = functionsByName();
    const targetFunction = (key: string): string | undefined => {
      const target = JSON.stringify(routes().get(key)?.Target);
      const integrationId = [...integrations.keys()].find((id) => target.includes(id));
      const uri = integrationId ? integrations.get(integrationId) : undefined;
      return [...functions.entries()].find(([, fn]) => uri?.includes(fn.logicalId))?.[0];
    };
    for (const api of apiCatalog) {
      for (const operation of Object.values(api.operations)) {
        expect(targetFunction(routeKey(operation)), routeKey(operation)).toBe(api.functionName);
      }
    }
    expect(targetFunction('$default')).toBe('system');
  });

  it('throttles the default stage as a global ceiling and writes access logs', () => {
    app.templates.api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });
});

describe('Cognito', () => {
  it('has one group per role, a strong password policy and threat protection', () => {
    for (const role of ROLES) {
      app.templates.auth.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
    }
    app.templates.auth.resourceCountIs('AWS::Cognito::UserPoolGroup', ROLES.length);
    app.templates.auth.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UserPoolTier: 'PLUS',
    });
  });
});

/** The logical id prefix CDK gives the singleton handler of every AwsCustomResource. */
const AWS_CUSTOM_RESOURCE_HANDLER = 'AWS679f53fac002430cb0da5b7982bd2287';

describe('Lambda functions', () => {
  it('run Node.js 24 on arm64 with X-Ray, everywhere', () => {
    for (const template of Object.values(app.templates)) {
      for (const [id, fn] of resourcesOf(template, 'AWS::Lambda::Function')) {
        // CDK's own AwsCustomResource handler (the Athena views, run on deploy only): CDK picks its
        // runtime and architecture; it is none of our code.
        if (id.startsWith(AWS_CUSTOM_RESOURCE_HANDLER)) continue;
        expect(fn.Properties?.Runtime, id).toBe('nodejs24.x');
        expect(fn.Properties?.Architectures, id).toEqual(['arm64']);
        expect(fn.Properties?.TracingConfig, id).toEqual({ Mode: 'Active' });
      }
    }
  });

  it('have one function per feature API, queue consumer and schedule target, plus publisher and inbound mail', () => {
    const consumers = eventRoutes.flatMap((route) =>
      route.target.kind === 'queue' && route.target.consumer ? [route.target.consumer] : [],
    );
    expect([...functionsByName().keys()].sort()).toEqual(
      [
        ...apiCatalog.map((api) => api.functionName),
        ...consumers,
        ...scheduleTargets.map((target) => target.name),
        'outbox-publisher',
        'inbound-mail',
        'email-feedback',
      ].sort(),
    );
  });

  it('lets Scheduler invoke only the schedule targets, and their creators schedule only in the timers group', () => {
    const invoke = actionsOfFunction('sla-scheduler');
    expect(invoke).toEqual(
      expect.arrayContaining([
        'scheduler:CreateSchedule',
        'scheduler:UpdateSchedule',
        'scheduler:DeleteSchedule',
        'iam:PassRole',
      ]),
    );
    expect(actionsOfFunction('sla-breach').some((action) => action.startsWith('scheduler:'))).toBe(false);
    app.templates.api.hasResourceProperties('AWS::Scheduler::ScheduleGroup', {
      Name: Match.stringLikeRegexp('-timers$'),
    });
  });

  it('turns mail stored by SES into tickets: an S3 event rule to inbound-mail with a DLQ', () => {
    app.templates.api.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.s3'], 'detail-type': ['Object Created'] }),
      Targets: [Match.objectLike({ DeadLetterConfig: { Arn: Match.anyValue() } })],
    });
  });
});

describe('least privilege', () => {
  it('grants no wildcard action anywhere', () => {
    for (const template of Object.values(app.templates)) {
      for (const [id, policy] of resourcesOf(template, 'AWS::IAM::Policy')) {
        const statements = (policy.Properties as { PolicyDocument: { Statement: never[] } }).PolicyDocument
          .Statement;
        for (const action of actionsOf(statements)) {
          expect(action, id).not.toBe('*');
          expect(action, id).not.toMatch(/^[a-z0-9-]+:\*$/);
        }
      }
    }
  });

  it('lets no HTTP function put events: the outbox publisher is the only writer to the bus', () => {
    for (const api of apiCatalog) {
      expect(actionsOfFunction(api.functionName), api.functionName).not.toContain('events:PutEvents');
    }
    expect(actionsOfFunction('outbox-publisher')).toContain('events:PutEvents');
  });

  it('lets the outbox publisher read the stream but write nothing to the table', () => {
    const actions = actionsOfFunction('outbox-publisher');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator']));
    for (const write of [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ]) {
      expect(actions).not.toContain(write);
    }
  });

  it('gives the system function (health, OpenAPI, 404/405) no table access at all', () => {
    const dynamoActions = actionsOfFunction('system').filter((action) => action.startsWith('dynamodb:'));
    expect(dynamoActions).toEqual([]);
  });

  it('lets record features read and write transactionally, with the table key', () => {
    for (const name of ['contacts', 'accounts', 'activities']) {
      expect(actionsOfFunction(name), name).toEqual(
        expect.arrayContaining([
          'dynamodb:GetItem',
          'dynamodb:Query',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:ConditionCheckItem',
          'kms:Decrypt',
        ]),
      );
      expect(actionsOfFunction(name), name).not.toContain('dynamodb:Scan');
    }
  });
});

describe('order consumers and ERP callbacks', () => {
  it('lets the order mailer send only as the configured SES identity, and the ERP sync call no AWS API but the table', () => {
    const mailer =
      statementsByRole(app.templates.api).get(functionsByName().get('order-mailer')?.roleId ?? '') ?? [];
    const ses = mailer.filter((statement) => actionsOf([statement]).includes('ses:SendEmail'));
    expect(ses).toHaveLength(1);
    expect(JSON.stringify(ses[0]?.Resource)).toContain(':identity/frontoffice.example');
    // Beyond its queue (the event source), the table and its logs, the ERP sync may call no AWS API.
    const services = new Set(actionsOfFunction('erp-sync').map((action) => action.split(':')[0]));
    for (const service of services) expect(['dynamodb', 'kms', 'logs', 'sqs', 'xray']).toContain(service);
    expect(actionsOfFunction('erp-sync')).not.toContain('dynamodb:DeleteItem');
  });

  it('lets the ERP callbacks read their one secret', () => {
    expect(actionsOfFunction('erp-callbacks')).toEqual(
      expect.arrayContaining(['secretsmanager:GetSecretValue']),
    );
    app.templates.api.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'frontoffice-test-erp-callbacks',
      Environment: {
        Variables: Match.objectLike({ ERP_CALLBACK_SECRET_ID: 'frontoffice-test-erp-callback' }),
      },
    });
  });
});

describe('outbox publisher', () => {
  it('takes only inserted outbox items from the stream, with partial failures and a DLQ', () => {
    app.templates.api.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: Match.anyValue(),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT'],
              dynamodb: { NewImage: { entity: { S: ['outbox'] } } },
            }),
          },
        ],
      },
    });
  });

  it('caps the ERP sync at a few concurrent invocations, so a backlog does not flood the ERP', () => {
    app.templates.api.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });
});
