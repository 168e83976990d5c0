/**
 * How often a lead use case runs before a lost race is reported: captures of one person, behaviour
 * events on one lead and assignments within one rule serialise on conditions, so under N concurrent
 * requests the last one may need about N attempts.
 */
export const LEAD_ATTEMPTS = 15;
