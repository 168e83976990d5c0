import { RESULT_FORMATS, type ResultFormat } from '#shared/analytics/result-format.ts';
import { UserFacingError } from '../config.ts';

/** `--format table|csv|json` of the lake commands (default `table`), checked with a readable error. */
export const parseFormatOption = (raw: string | undefined): ResultFormat => {
  const format = raw ?? 'table';
  if (!(RESULT_FORMATS as readonly string[]).includes(format)) {
    throw new UserFacingError(`--format ${format} is not one of ${RESULT_FORMATS.join(', ')}.`);
  }
  return format as ResultFormat;
};
