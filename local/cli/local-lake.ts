import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Lake } from '#shared/analytics/duckdb-lake.ts';
import { readLocalConfig, UserFacingError } from '../config.ts';

/**
 * Opens the local lake (`<FRONTOFFICE_DATA_DIR>/lake`) with DuckDB for `use` and closes it after,
 * for the commands that query it without a running stack. A missing lake is a user error, not a
 * DuckDB one; DuckDB (a native module) loads only when a command gets here.
 */
export const withLocalLake = async <T>(use: (lake: Lake) => Promise<T>): Promise<T> => {
  const config = readLocalConfig();
  const lakeDir = join(config.dataDir, 'lake');
  if (!existsSync(lakeDir)) {
    throw new UserFacingError(
      `No lake at ${join(config.dataDirLabel, 'lake')}: start Front Office (events land there) or set FRONTOFFICE_DATA_DIR.`,
    );
  }
  const { openLake } = await import('#shared/analytics/duckdb-lake.ts');
  const lake = await openLake(lakeDir);
  try {
    return await use(lake);
  } finally {
    lake.close();
  }
};
