import { ArnFormat, Aspects, Duration, type IAspect, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { targetArnVariable } from '#shared/platform/scheduler.ts';
import { SEQUENCE_STEP_TARGET } from '#shared/sequences/sequence-route.events.ts';
import type { AppFunction } from '../constructs/app-function.ts';
import { bindConsentTokenSecret } from './consent-token-secret.ts';
import { addDailyRule } from './daily-rule.ts';
import { defineFeature, TABLE_RECORDS } from './feature.ts';
import { bindConfiguredSes } from './mail-identity.ts';

// sequence-events.ts imports it from here.

/**
 * The step function schedules its own next step, so it is a creator of its own target; the ARN
 * that `OneTimeSchedules.bindCreator` puts into its environment would then reference the function
 * itself (a dependency cycle). Before synthesis this aspect replaces it with the same ARN built
 * from the function's physical name.
 */
class OwnArnInEnvironment implements IAspect {
  private readonly fn: AppFunction;
  constructor(fn: AppFunction) {
    this.fn = fn;
  }
  visit(node: IConstruct): void {
    if (node !== this.fn.function) return;
    const arn = Stack.of(node).formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: this.fn.functionName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.fn.function.addEnvironment(targetArnVariable(SEQUENCE_STEP_TARGET), arn);
  }
}

/**
 * The step function: target of the one-time step schedules (after a wait) and of a daily
 * EventBridge rule (`rate(1 day)`, input `{ daily: true }`) that re-evaluates time-based segments
 * and enrolls new members of segment-triggered sequences. The daily pass pages through segment
 * profiles: more time than a step needs.
 */
export const sequenceStepFeature = defineFeature({
  functionName: 'sequence-step',
  description: 'Front Office sequence steps: due steps after a wait, the daily segment-entry job',
  memorySize: 1024,
  timeout: Duration.minutes(15),
  wire: (fn, { table, stage }) => {
    fn.bindTable(table, TABLE_RECORDS);
    bindConfiguredSes(fn);
    bindConsentTokenSecret(fn, stage);
    Aspects.of(fn).add(new OwnArnInEnvironment(fn));
    addDailyRule(
      fn,
      stage,
      'sequences-daily',
      'Daily: re-evaluate time-based segments, enroll new members of segment-triggered sequences.',
    );
  },
});
