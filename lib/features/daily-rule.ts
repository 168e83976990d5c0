import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import type { AppFunction } from '../constructs/app-function.ts';
import { physicalName } from '../stage.ts';

/**
 * A daily EventBridge rule (`rate(1 day)`) invoking the function with `{ daily: true }`: how
 * features run their time-driven pass. Shared so every daily job retries and ages out alike.
 */
export const addDailyRule = (
  fn: AppFunction,
  stage: string,
  ruleName: string,
  description: string,
): events.Rule =>
  new events.Rule(fn, 'Daily', {
    ruleName: physicalName(stage, ruleName),
    description,
    schedule: events.Schedule.rate(Duration.days(1)),
    targets: [
      new eventTargets.LambdaFunction(fn.function, {
        event: events.RuleTargetInput.fromObject({ daily: true }),
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
      }),
    ],
  });
