import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatResult, RESULT_FORMATS, type ResultFormat } from '#shared/analytics/result-format.ts';
import { readLocalConfig, UserFacingError } from '../config.ts';

const parseFormat = (raw: string | undefined): ResultFormat => {
  const format = raw ?? 'table';
  if (!(RESULT_FORMATS as readonly string[]).includes(format)) {
    throw new UserFacingError(`--format ${format} is not one of ${RESULT_FORMATS.join(', ')}.`);
  }
  return format as ResultFormat;
};

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
  const format = parseFormat(values.format);
  const sql = positionals.join(' ').trim();
  if (!sql) throw new UserFacingError('Usage: frontoffice query "SQL" [--format table|csv|json]');
  const config = readLocalConfig();
  const lakeDir = join(config.dataDir, 'lake');
  if (!existsSync(lakeDir)) {
    throw new UserFacingError(
      `No lake at ${join(config.dataDirLabel, 'lake')}: start Front Office (events land there) or set FRONTOFFICE_DATA_DIR.`,
    );
  }
  // DuckDB loads a native module: only when this command runs.
  const { openLake } = await import('#shared/analytics/duckdb-lake.ts');
  const lake = await openLake(lakeDir);
  try {
    const result = await lake.query(sql).catch((error: unknown) => {
      throw new UserFacingError(`Query failed: ${String((error as Error).message).split('\n')[0]}`);
    });
    out(formatResult(result, format));
    return 0;
  } finally {
    lake.close();
  }
};
