/**
 * One row of the lake's `events` table (docs/analytics.md). On AWS the EventBridge rule's input
 * transformer builds exactly this flat record (lib/stacks/analytics-stack.ts `flatEventRecord`) and
 * Firehose converts it to Parquet; locally `lakeRow` builds it from the bus event. The column names
 * and order are `EVENT_COLUMNS` of the analytics stack, `dt` is the partition.
 */
export type LakeRow = {
  id: string;
  name: string;
  version: number;
  /** ISO-8601 UTC, as the event carries it (`…Z`); a TIMESTAMP in the lake. */
  occurred_at: string;
  actor_type: string;
  actor_id: string;
  subject_type: string;
  subject_id: string;
  /** The event's `data` as JSON text. */
  data: string;
  /** `YYYY-MM-DD` of `occurred_at` (UTC): the partition the row lands in. */
  dt: string;
};

/** The columns of a lake file, in order (the partition `dt` is the directory, not a column). */
export const LAKE_COLUMNS = [
  'id',
  'name',
  'version',
  'occurred_at',
  'actor_type',
  'actor_id',
  'subject_type',
  'subject_id',
  'data',
] as const;

/** What the guard removed from one event: the JSON paths of the fields, never their values. */
export type LakeRowResult = { row: LakeRow; redacted: string[] };

// Deliberately broad: something@something.tld anywhere in the string.
const EMAIL_LIKE = /[^\s@"'<>]+@[^\s@"'<>]+\.[a-z]{2,}/i;

/** True when a string holds something that looks like an email address. */
export const looksLikeEmail = (value: string): boolean => EMAIL_LIKE.test(value);

/**
 * Privacy guard: events carry ids and business facts only (PRODUCT.md section 6). A string that
 * looks like an email address anyway is dropped (object field removed, array element set to null)
 * and its path reported, so the caller can log the event name and the paths, never the value.
 */
const scrub = (value: unknown, path: string, redacted: string[]): unknown => {
  if (typeof value === 'string') {
    if (looksLikeEmail(value)) {
      redacted.push(path);
      return undefined;
    }
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => scrub(item, `${path}[${index}]`, redacted) ?? null);
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const kept = scrub(item, `${path}.${key}`, redacted);
      if (kept !== undefined) out[key] = kept;
    }
    return out;
  }
  return value;
};

type EventLike = {
  id?: unknown;
  name?: unknown;
  version?: unknown;
  occurredAt?: unknown;
  actor?: { type?: unknown; id?: unknown } | null;
  subject?: { type?: unknown; id?: unknown } | null;
  data?: unknown;
};

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Maps a domain event (the bus event's `detail`) to its lake row, or undefined when it is not a
 * domain event (no id, name or valid occurredAt): such an event has no partition to land in.
 */
export const lakeRow = (detail: unknown): LakeRowResult | undefined => {
  if (!detail || typeof detail !== 'object') return undefined;
  const event = detail as EventLike;
  const occurredAt = text(event.occurredAt);
  const time = Date.parse(occurredAt);
  if (!text(event.id) || !text(event.name) || Number.isNaN(time)) return undefined;
  const redacted: string[] = [];
  const data = scrub(event.data ?? {}, '$', redacted) ?? {};
  return {
    row: {
      id: text(event.id),
      name: text(event.name),
      version: typeof event.version === 'number' && Number.isInteger(event.version) ? event.version : 1,
      occurred_at: new Date(time).toISOString(),
      actor_type: text(event.actor?.type),
      actor_id: text(event.actor?.id),
      subject_type: text(event.subject?.type),
      subject_id: text(event.subject?.id),
      data: JSON.stringify(data),
      dt: new Date(time).toISOString().slice(0, 10),
    },
    redacted,
  };
};
