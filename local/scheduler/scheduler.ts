import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { type Clock, clock as systemClock } from '#shared/platform/clock.ts';
import { dynamo } from '#shared/platform/db/client.ts';
import { queryPage, tableName } from '#shared/platform/db/table.ts';
import { logger } from '#shared/platform/logger.ts';
import {
  PENDING_SCHEDULES,
  type StoredSchedule,
  scheduleItem,
  scheduleKey,
  storedScheduleSchema,
} from '#shared/platform/scheduler.ts';
import { lambdaContext } from '../lambda-context.ts';

/** A schedule target: the same handler AWS invokes (Scheduler → Lambda, asynchronous invoke). */
export type ScheduleTarget = (input: Record<string, unknown>) => Promise<unknown>;
export type TargetResolver = (name: string) => Promise<ScheduleTarget>;

/** Loads `functions/<name>/<name>.handler.ts` and returns its `handler` export. */
export const loadTarget: TargetResolver = async (name) => {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`Invalid function name: ${name}`);
  const url = new URL(`../../functions/${name}/${name}.handler.ts`, import.meta.url);
  const module = (await import(url.href)) as { handler?: unknown };
  if (typeof module.handler !== 'function')
    throw new Error(`functions/${name}/${name}.handler.ts exports no handler`);
  const handler = module.handler as (input: unknown, context: Context) => Promise<unknown>;
  return (input) => handler(input, lambdaContext(name));
};

export type LocalSchedulerOptions = {
  clock?: Clock;
  resolveTarget?: TargetResolver;
  /** Invocations before a schedule is parked as dead (Scheduler's retry policy, then its DLQ). */
  maxAttempts?: number;
  /** Background tick interval. */
  intervalMs?: number;
};

export type LocalScheduler = {
  /** Fires every schedule due by the clock, oldest first; returns how many succeeded. */
  tick: () => Promise<number>;
  start: () => void;
  /** Stops ticking and waits for the tick in flight. */
  stop: () => Promise<void>;
};

/**
 * The EventBridge Scheduler emulation: one-time schedules are items in the table (written by
 * `shared/platform/scheduler.ts` with SCHEDULER_MODE=local), so a restart loses none. A tick fires
 * the due ones by the injectable clock; success deletes the schedule (ActionAfterCompletion
 * DELETE) unless it was replaced meanwhile; failure keeps it for the next tick (at least once),
 * and after `maxAttempts` it is parked as dead (the DLQ's part).
 */
export const createLocalScheduler = (options: LocalSchedulerOptions = {}): LocalScheduler => {
  const clock = options.clock ?? systemClock;
  const resolveTarget = options.resolveTarget ?? loadTarget;
  const maxAttempts = options.maxAttempts ?? 5;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<number> | undefined;

  const due = async (): Promise<StoredSchedule[]> => {
    const now = clock.now().toISOString();
    const page = await queryPage({
      index: 'gsi4',
      pk: PENDING_SCHEDULES,
      skBetween: ['0', `${now}#~`],
      limit: 100,
    });
    return page.items.flatMap((item) => {
      const parsed = storedScheduleSchema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });
  };

  /** Writes only if the schedule was not replaced or deleted since it was read. */
  const sameRevision = (schedule: StoredSchedule) => ({
    ConditionExpression: '#revision = :revision',
    ExpressionAttributeNames: { '#revision': 'revision' },
    ExpressionAttributeValues: { ':revision': schedule.revision },
  });

  const settle = async (write: () => Promise<unknown>): Promise<void> => {
    try {
      await write();
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  };

  const fire = async (schedule: StoredSchedule): Promise<boolean> => {
    try {
      const target = await resolveTarget(schedule.target);
      await target(schedule.input);
    } catch (error) {
      const attempts = schedule.attempts + 1;
      const next = { ...schedule, attempts };
      logger.warn('Schedule target failed', { schedule: schedule.name, attempts, error: error as Error });
      await settle(() =>
        dynamo.send(
          new PutCommand({
            TableName: tableName(),
            Item: scheduleItem(next, attempts >= maxAttempts ? 'dead' : 'pending'),
            ...sameRevision(schedule),
          }),
        ),
      );
      return false;
    }
    await settle(() =>
      dynamo.send(
        new DeleteCommand({
          TableName: tableName(),
          Key: scheduleKey(schedule.name),
          ...sameRevision(schedule),
        }),
      ),
    );
    return true;
  };

  const run = async (): Promise<number> => {
    let fired = 0;
    for (const schedule of await due()) if (await fire(schedule)) fired += 1;
    return fired;
  };

  const tick = (): Promise<number> => {
    // One tick at a time, so a schedule is never fired twice concurrently by this process.
    if (inFlight) return inFlight.then(() => 0);
    inFlight = run().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  return {
    tick,
    start: () => {
      if (timer) return;
      timer = setInterval(() => {
        tick().catch((error: unknown) => logger.error('Scheduler tick failed', { error: error as Error }));
      }, options.intervalMs ?? 1000);
      timer.unref();
    },
    stop: async () => {
      clearInterval(timer);
      timer = undefined;
      await inFlight;
    },
  };
};
