/**
 * How often a ticket use case runs before a lost race is reported: auto-assignments within one team
 * serialise on the agents' load conditions, so under N concurrent requests the last may need ~N attempts.
 */
export const TICKET_ATTEMPTS = 15;
