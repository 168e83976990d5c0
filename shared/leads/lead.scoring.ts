import type { BehaviourInput, Lead } from './lead.schema.ts';
import type { LeadScoring } from './lead.settings.ts';

/** One reason a score moved, before it is stored as a score-history item. */
export type PointChange = { points: number; reason: string; rule: string };

const present = (value: unknown): boolean =>
  value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');

/** Points of every profile rule that matches the lead now, by rule id. */
export const profilePointsOf = (lead: Lead, scoring: LeadScoring): Record<string, number> => {
  const points: Record<string, number> = {};
  for (const rule of scoring.profile) {
    const value = lead[rule.field];
    const matches =
      rule.op === 'present'
        ? present(value)
        : typeof value === 'string' &&
          (rule.values ?? []).some((candidate) => candidate.toLowerCase() === value.toLowerCase());
    if (matches && rule.points !== 0) points[rule.id] = rule.points;
  }
  return points;
};

/** The changes between the profile points a lead had and the ones it has now. */
export const profileChanges = (
  before: Record<string, number>,
  after: Record<string, number>,
): PointChange[] => {
  const changes: PointChange[] = [];
  for (const [rule, points] of Object.entries(after)) {
    const delta = points - (before[rule] ?? 0);
    if (delta !== 0) changes.push({ rule, points: delta, reason: `profile: ${rule} matches` });
  }
  for (const [rule, points] of Object.entries(before)) {
    if (!(rule in after))
      changes.push({ rule, points: -points, reason: `profile: ${rule} no longer matches` });
  }
  return changes;
};

const DAILY_DAYS_KEPT = 7;

/**
 * The points a behaviour event earns: the first rule for its type (and URL) counts, capped per UTC
 * day. Gives the change (none when nothing scores) and the lead's daily tally afterwards.
 */
export const behaviourChange = (
  event: BehaviourInput & { occurredAt: string },
  dailyPoints: Record<string, number>,
  scoring: LeadScoring,
): { change: PointChange | undefined; dailyPoints: Record<string, number> } => {
  const url = event.url?.toLowerCase() ?? '';
  const rule = scoring.behaviour.find(
    (candidate) =>
      candidate.type === event.type &&
      (!candidate.urlContains || candidate.urlContains.some((part) => url.includes(part.toLowerCase()))),
  );
  if (!rule) return { change: undefined, dailyPoints };
  const day = event.occurredAt.slice(0, 10);
  const tallyKey = `${day}#${rule.id}`;
  const sofar = dailyPoints[tallyKey] ?? 0;
  let points = rule.points;
  if (rule.maxPointsPerDay !== undefined && points > 0) {
    points = Math.max(0, Math.min(points, rule.maxPointsPerDay - sofar));
  }
  if (points === 0) return { change: undefined, dailyPoints };
  // Only recent days matter for caps; older tallies are dropped so the record stays small.
  const oldest = new Date(Date.parse(`${day}T00:00:00Z`) - DAILY_DAYS_KEPT * 86_400_000).toISOString();
  const kept = Object.fromEntries(
    Object.entries(dailyPoints).filter(([key]) => key.slice(0, 10) >= oldest.slice(0, 10)),
  );
  return {
    change: { rule: rule.id, points, reason: `behaviour: ${event.type}` },
    dailyPoints: { ...kept, [tallyKey]: sofar + points },
  };
};

/** Whether a score change makes the lead a marketing-qualified lead now (once, from an open status). */
export const crossesThreshold = (lead: Lead, score: number, scoring: LeadScoring): boolean =>
  score >= scoring.mqlThreshold && !lead.qualifiedAt && (lead.status === 'new' || lead.status === 'working');
