import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiCatalog } from '#shared/api-catalog.ts';
import { eventRoutes } from '#shared/event-routes.ts';
import type { EventRoute } from '#shared/platform/events/routing.ts';
import { resourcesOf, type SynthesizedApp, synthFrontOffice } from './synth-app.ts';

// A routing table whose queue route names a consumer. Any existing entry file will do: what is
// under test is the wiring (event source, partial batch failures, timeouts), not the handler. So
// the probe borrows the accounts entry and leaves the accounts API out of the catalog.
const routes: readonly EventRoute[] = [
  ...eventRoutes.filter((route) => route.target.kind !== 'queue'),
  {
    name: 'probe-sync',
    description: 'A queue route with a consumer.',
    events: ['probe.happened'],
    target: {
      kind: 'queue',
      queue: 'probe-sync',
      consumer: 'accounts',
      batchSize: 5,
      maxReceiveCount: 3,
      visibilityTimeoutSeconds: 120,
    },
  },
];

const apis = apiCatalog.filter((api) => api.functionName !== 'accounts');

let app: SynthesizedApp;

beforeAll(() => {
  app = synthFrontOffice('probe', { routes, apis });
}, 120_000);

describe('queue route with a consumer', () => {
  it('consumes the route queue with the route batch size and partial batch failures', () => {
    app.templates.api.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      EventSourceArn: Match.anyValue(),
      FunctionName: Match.anyValue(),
    });
  });

  it('keeps the function timeout at most a sixth of the visibility timeout', () => {
    app.templates.api.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'frontoffice-probe-accounts',
      Timeout: 20,
    });
  });

  it('builds the queue with its DLQ after maxReceiveCount', () => {
    app.templates.events.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'frontoffice-probe-probe-sync',
      VisibilityTimeout: 120,
      RedrivePolicy: { maxReceiveCount: 3, deadLetterTargetArn: Match.anyValue() },
    });
  });

  it('creates no consumer for a route without one', () => {
    const mappings = resourcesOf(app.templates.api, 'AWS::Lambda::EventSourceMapping').filter(
      // the SES events consumer is not a route of the routing table (docs/engagement.md)
      ([id]) => !id.startsWith('Fnemailfeedback'),
    );
    // the outbox publisher's stream mapping and the probe consumer, nothing for erp-sync
    expect(mappings).toHaveLength(2);
  });
});
