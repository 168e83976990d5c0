import { CAMPAIGN_START_TARGET } from '#shared/campaigns/campaign.service.ts';
import { SEQUENCE_STEP_TARGET } from '#shared/sequences/sequence-route.events.ts';
import { SLA_BREACH_TARGET } from '#shared/sla/sla-schedule.service.ts';

/**
 * Functions that one-time schedules invoke, and the functions allowed to create those schedules.
 * CDK gives each target a Scheduler invocation grant and each creator the right to schedule it;
 * locally `local/scheduler` invokes the same handlers. A feature with timers adds a line here.
 */
export type ScheduleTarget = {
  /** `functions/<name>/<name>.handler.ts`, the `target` of its schedule requests. */
  name: string;
  /** Functions that create, replace and delete schedules for this target. */
  creators: readonly string[];
};

export const scheduleTargets: readonly ScheduleTarget[] = [
  { name: SLA_BREACH_TARGET, creators: ['sla-scheduler'] },
  // Steps after a wait; the runner (consumer) and the step function itself schedule the next step.
  { name: SEQUENCE_STEP_TARGET, creators: ['sequence-events', SEQUENCE_STEP_TARGET] },
  { name: CAMPAIGN_START_TARGET, creators: ['campaigns'] },
];
