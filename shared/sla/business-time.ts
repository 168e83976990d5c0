/**
 * Business time in a time zone: working days with opening hours, minus public holidays. Pure (no
 * clock, no I/O). Node 24 has no `Temporal` without a flag, so wall-clock times are converted to
 * instants with `Intl.DateTimeFormat` offsets; opening hours never fall into a DST gap, so the
 * conversion is exact for them, and a day that changes its offset simply has its real length.
 */
export type BusinessCalendar = {
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: string;
  /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
  workingDays: readonly number[];
  /** Opening and closing time, `HH:MM`, local time. */
  opens: string;
  closes: string;
  /** Public holidays, `YYYY-MM-DD` local dates. */
  holidays: readonly string[];
};

/** A local calendar date. */
type LocalDate = { year: number; month: number; day: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** The wall-clock fields of an instant in a zone. */
const wallClock = (instant: number, timeZone: string) => {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
};

/** The zone's offset from UTC at an instant, in milliseconds (Berlin: +1 h or +2 h). */
const offsetAt = (instant: number, timeZone: string): number => {
  const wall = wallClock(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
};

/** The instant of a local wall-clock time (for times outside a DST gap, which opening hours are). */
const instantOf = (date: LocalDate, minutes: number, timeZone: string): number => {
  const guess = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  const first = guess - offsetAt(guess, timeZone);
  const second = guess - offsetAt(first, timeZone);
  return second;
};

const localDateOf = (instant: number, timeZone: string): LocalDate => {
  const { year, month, day } = wallClock(instant, timeZone);
  return { year, month, day };
};

const nextDate = (date: LocalDate): LocalDate => {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
};

const isoDate = (date: LocalDate): string =>
  `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
const isoWeekday = (date: LocalDate): number => {
  const day = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return day === 0 ? 7 : day;
};

const minutesOf = (time: string): number => {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) throw new Error(`Not a HH:MM time: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
};

/** The opening window of a local date as instants, or undefined on a non-working day. */
const windowOf = (
  date: LocalDate,
  calendar: BusinessCalendar,
  holidays: ReadonlySet<string>,
): { open: number; close: number } | undefined => {
  if (!calendar.workingDays.includes(isoWeekday(date)) || holidays.has(isoDate(date))) return undefined;
  return {
    open: instantOf(date, minutesOf(calendar.opens), calendar.timeZone),
    close: instantOf(date, minutesOf(calendar.closes), calendar.timeZone),
  };
};

/** Far enough for any SLA, and a guard against a calendar without a single working day. */
const MAX_DAYS = 3 * 366;

/**
 * The instant `seconds` business seconds after `start`: time counts only inside opening hours of
 * working days that are no holidays. Starting outside opening hours counts from the next opening.
 */
export const addBusinessSeconds = (start: Date, seconds: number, calendar: BusinessCalendar): Date => {
  if (seconds <= 0) return new Date(start);
  const holidays = new Set(calendar.holidays);
  let remaining = seconds * 1000;
  let date = localDateOf(start.getTime(), calendar.timeZone);
  for (let days = 0; days < MAX_DAYS; days += 1, date = nextDate(date)) {
    const window = windowOf(date, calendar, holidays);
    if (!window) continue;
    const from = Math.max(start.getTime(), window.open);
    if (from >= window.close) continue;
    const available = window.close - from;
    if (remaining <= available) return new Date(from + remaining);
    remaining -= available;
  }
  throw new Error('The business calendar has no working time within three years.');
};

export const addBusinessHours = (start: Date, hours: number, calendar: BusinessCalendar): Date =>
  addBusinessSeconds(start, Math.round(hours * 3600), calendar);

/** Business seconds between two instants (0 when `to` is not after `from`). */
export const businessSecondsBetween = (from: Date, to: Date, calendar: BusinessCalendar): number => {
  if (to.getTime() <= from.getTime()) return 0;
  const holidays = new Set(calendar.holidays);
  let total = 0;
  let date = localDateOf(from.getTime(), calendar.timeZone);
  const last = isoDate(localDateOf(to.getTime(), calendar.timeZone));
  for (let days = 0; days < MAX_DAYS; days += 1, date = nextDate(date)) {
    const window = windowOf(date, calendar, holidays);
    if (window) {
      const start = Math.max(from.getTime(), window.open);
      const end = Math.min(to.getTime(), window.close);
      if (end > start) total += end - start;
    }
    if (isoDate(date) >= last) break;
  }
  return Math.floor(total / 1000);
};

/** Whether an instant lies inside opening hours. */
export const isBusinessTime = (instant: Date, calendar: BusinessCalendar): boolean => {
  const window = windowOf(
    localDateOf(instant.getTime(), calendar.timeZone),
    calendar,
    new Set(calendar.holidays),
  );
  return window !== undefined && instant.getTime() >= window.open && instant.getTime() < window.close;
};
