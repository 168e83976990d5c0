import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AnalyticsStack } from '../../lib/stacks/analytics-stack.ts';
import { DataStack } from '../../lib/stacks/data-stack.ts';
import { EventsStack } from '../../lib/stacks/events-stack.ts';

/**
 * The analytics stack's template, with only the stacks it takes resources from (no API: its
 * bundling takes minutes), synthesized with cdk-nag AwsSolutions: `synth` throws on any
 * unacknowledged finding. Call once per test file.
 */
export const synthAnalyticsStack = (): Template => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'frontoffice-analytics-cdk-')) });
  const data = new DataStack(app, 'frontoffice-test-data', { stage: 'test' });
  const events = new EventsStack(app, 'frontoffice-test-events', { stage: 'test' });
  const analytics = new AnalyticsStack(app, 'frontoffice-test-analytics', {
    stage: 'test',
    bus: events.bus,
    alarmTopic: events.alarmTopic,
    table: data.table,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
  return Template.fromStack(analytics);
};
