import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { nowIso } from './clock.ts';
import { dynamo } from './db/client.ts';
import type { StoredItem } from './db/keys.ts';
import { tableName } from './db/table.ts';

/**
 * One-time schedules: at `at`, the target function is invoked with `input` (at least once). On AWS
 * this is EventBridge Scheduler (`at(...)`, deleted after completion, retries and a DLQ); locally
 * the schedules are items in the table that `local/scheduler` fires by the injectable clock.
 */
export type ScheduleRequest = {
  /** Unique per purpose, `[0-9a-zA-Z-_.]{1,64}`; creating an existing name replaces it. */
  name: string;
  at: Date;
  /** The function invoked: `functions/<target>/<target>.handler.ts`. */
  target: string;
  /** The payload the target's handler receives; ids only, no personal data. */
  input: Record<string, unknown>;
};

export type Scheduler = {
  /** Creates the schedule, or replaces one of the same name. */
  createSchedule: (request: ScheduleRequest) => Promise<void>;
  /** Deletes a schedule; one that does not exist (fired, or never created) is fine. */
  deleteSchedule: (name: string) => Promise<void>;
};

const NAME = /^[0-9a-zA-Z-_.]{1,64}$/;
const checkName = (name: string): void => {
  if (!NAME.test(name)) throw new Error(`Invalid schedule name: ${name}`);
};

// ---- Local: schedules as items (the emulation in local/scheduler fires them) -------------------

export const SCHEDULE_ENTITY = 'schedule';
/** Due schedules are read through gsi4 (records by status), ordered by their time. */
export const PENDING_SCHEDULES = 'SCHEDULES#pending';
export const DEAD_SCHEDULES = 'SCHEDULES#dead';

export const scheduleKey = (name: string) => ({ pk: `SCHEDULE#${name}`, sk: 'SCHEDULE' });

export const storedScheduleSchema = z.looseObject({
  name: z.string(),
  at: z.iso.datetime(),
  target: z.string(),
  input: z.record(z.string(), z.unknown()),
  attempts: z.number().int().nonnegative(),
  /** Changes with every (re)creation, so firing deletes only the version it fired. */
  revision: z.string(),
});
export type StoredSchedule = z.infer<typeof storedScheduleSchema>;

export const scheduleItem = (
  schedule: StoredSchedule,
  state: 'pending' | 'dead' = 'pending',
): StoredItem => ({
  ...scheduleKey(schedule.name),
  entity: SCHEDULE_ENTITY,
  gsi4pk: state === 'pending' ? PENDING_SCHEDULES : DEAD_SCHEDULES,
  gsi4sk: `${schedule.at}#${schedule.name}`,
  ...schedule,
});

const localScheduler: Scheduler = {
  createSchedule: async (request) => {
    checkName(request.name);
    const schedule: StoredSchedule = {
      name: request.name,
      at: request.at.toISOString(),
      target: request.target,
      input: request.input,
      attempts: 0,
      revision: `${nowIso()}#${Math.random().toString(36).slice(2)}`,
    };
    await dynamo.send(new PutCommand({ TableName: tableName(), Item: scheduleItem(schedule) }));
  },
  deleteSchedule: async (name) => {
    checkName(name);
    await dynamo.send(new DeleteCommand({ TableName: tableName(), Key: scheduleKey(name) }));
  },
};

// ---- AWS: EventBridge Scheduler ---------------------------------------------------------------

/** `at()` takes `yyyy-mm-ddThh:mm:ss` (UTC here); Scheduler fires to the minute at best. */
const atExpression = (at: Date): string => `at(${at.toISOString().slice(0, 19)})`;

/** `SCHEDULE_TARGET_<TARGET>_ARN`, e.g. SCHEDULE_TARGET_SLA_BREACH_ARN (set by CDK). */
export const targetArnVariable = (target: string): string =>
  `SCHEDULE_TARGET_${target.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_ARN`;

const required = (source: NodeJS.ProcessEnv, name: string): string => {
  const value = source[name];
  if (!value) throw new Error(`${name} is not set: the function is not bound to the scheduler.`);
  return value;
};

export const createAwsScheduler = (
  client: SchedulerClient,
  source: NodeJS.ProcessEnv = process.env,
): Scheduler => {
  const input = (request: ScheduleRequest): CreateScheduleCommandInput => ({
    Name: request.name,
    GroupName: required(source, 'SCHEDULE_GROUP_NAME'),
    ScheduleExpression: atExpression(request.at),
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    Target: {
      Arn: required(source, targetArnVariable(request.target)),
      RoleArn: required(source, 'SCHEDULE_ROLE_ARN'),
      Input: JSON.stringify(request.input),
      RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 24 * 3600 },
      DeadLetterConfig: { Arn: required(source, 'SCHEDULE_DLQ_ARN') },
    },
  });
  return {
    createSchedule: async (request) => {
      checkName(request.name);
      try {
        await client.send(new CreateScheduleCommand(input(request)));
      } catch (error) {
        if (!(error instanceof ConflictException)) throw error;
        await client.send(new UpdateScheduleCommand(input(request)));
      }
    },
    deleteSchedule: async (name) => {
      checkName(name);
      try {
        await client.send(
          new DeleteScheduleCommand({ Name: name, GroupName: required(source, 'SCHEDULE_GROUP_NAME') }),
        );
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
    },
  };
};

let awsScheduler: Scheduler | undefined;
const current = (): Scheduler => {
  if (process.env.SCHEDULER_MODE === 'local') return localScheduler;
  awsScheduler ??= createAwsScheduler(
    new SchedulerClient({ region: process.env.AWS_REGION ?? 'eu-central-1' }),
  );
  return awsScheduler;
};

/**
 * The process's scheduler: `SCHEDULER_MODE=local` (set by the local runtime and tests) keeps
 * schedules in the table for the emulation (`local/scheduler`); otherwise EventBridge Scheduler.
 */
export const scheduler: Scheduler = {
  createSchedule: (request) => current().createSchedule(request),
  deleteSchedule: (name) => current().deleteSchedule(name),
};
