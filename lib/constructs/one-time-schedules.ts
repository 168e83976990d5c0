import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { targetArnVariable } from '#shared/platform/scheduler.ts';
import type { AppFunction } from './app-function.ts';

export type OneTimeSchedulesProps = {
  /** Schedule group name, e.g. `frontoffice-prod-timers`. */
  groupName: string;
  /** Where Scheduler puts an invocation it could not deliver after its retries. */
  deadLetterQueue: sqs.IQueue;
};

/**
 * EventBridge Scheduler one-time schedules (SLA timers and the like): one schedule group, the role
 * Scheduler assumes to invoke the targets, a DLQ. Targets are granted to that role one by one;
 * creators may only manage schedules of this group and pass only this role.
 */
export class OneTimeSchedules extends Construct {
  readonly group: scheduler.CfnScheduleGroup;
  readonly role: iam.Role;
  private readonly deadLetterQueue: sqs.IQueue;

  constructor(scope: Construct, id: string, props: OneTimeSchedulesProps) {
    super(scope, id);
    this.deadLetterQueue = props.deadLetterQueue;
    this.group = new scheduler.CfnScheduleGroup(this, 'Group', { name: props.groupName });
    this.role = new iam.Role(this, 'InvokeRole', {
      description: `EventBridge Scheduler invokes the targets of ${props.groupName}`,
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    props.deadLetterQueue.grantSendMessages(this.role);
  }

  /** Lets Scheduler invoke this function. */
  addTarget(target: AppFunction): void {
    // The function itself, not `:*` (its versions and aliases): schedules invoke $LATEST.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [target.function.functionArn],
      }),
    );
  }

  /** Lets a function create, replace and delete schedules of this group that invoke `targets`. */
  bindCreator(creator: AppFunction, targets: readonly { name: string; fn: AppFunction }[]): void {
    const schedules = Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.group.name}/*`,
    });
    creator.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
        resources: [schedules],
      }),
    );
    creator.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    Validations.of(creator.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${this.group.name}/*]`,
      reason:
        'Schedules are created per ticket and target at run time, so their names are not known at deploy time; the grant is limited to this one schedule group.',
    });
    creator.function.addEnvironment('SCHEDULE_GROUP_NAME', String(this.group.name));
    creator.function.addEnvironment('SCHEDULE_ROLE_ARN', this.role.roleArn);
    creator.function.addEnvironment('SCHEDULE_DLQ_ARN', this.deadLetterQueue.queueArn);
    for (const target of targets) {
      creator.function.addEnvironment(targetArnVariable(target.name), target.fn.function.functionArn);
    }
  }
}
