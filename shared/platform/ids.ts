import { monotonicFactory } from 'ulidx';

const ulid = monotonicFactory();

/** A new ULID: sortable by creation time, so ids double as creation-ordered sort keys. */
export const newId = (): string => ulid();

export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
