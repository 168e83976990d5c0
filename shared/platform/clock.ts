/** The one source of time. Tests replace it to drive SLAs, TTLs and sequences without sleeping. */
export type Clock = { now: () => Date };

const systemClock: Clock = { now: () => new Date() };
let current: Clock = systemClock;

export const clock: Clock = { now: () => current.now() };

/** Replaces the clock (tests); call without arguments to restore the system clock. */
export const setClock = (replacement: Clock = systemClock): void => {
  current = replacement;
};

export const nowIso = (): string => clock.now().toISOString();

/** Seconds since the epoch, for DynamoDB TTL attributes. */
export const epochSeconds = (date: Date = clock.now()): number => Math.floor(date.getTime() / 1000);
