import { parseArgs } from 'node:util';
import { formatResult } from '#shared/analytics/result-format.ts';
import { UserFacingError } from '../config.ts';
import { parseFormatOption } from './format-option.ts';
import { withLocalLake } from './local-lake.ts';

/**
 * `frontoffice query "SQL" [--format table|csv|json]`: runs SQL with DuckDB against the local lake
 * (`<FRONTOFFICE_DATA_DIR>/lake`: the `events` view and the `dim_*` views). Needs no running stack.
 */
export const queryCommand = async (
  args: string[],
  out: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    options: { format: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  const format = parseFormatOption(values.format);
  const sql = positionals.join(' ').trim();
  if (!sql) throw new UserFacingError('Usage: frontoffice query "SQL" [--format table|csv|json]');
  return withLocalLake(async (lake) => {
    const result = await lake.query(sql).catch((error: unknown) => {
      throw new UserFacingError(`Query failed: ${String((error as Error).message).split('\n')[0]}`);
    });
    out(formatResult(result, format));
    return 0;
  });
};
