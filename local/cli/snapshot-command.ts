import { parseArgs } from 'node:util';
import { readLocalConfig, UserFacingError } from '../config.ts';

/**
 * `frontoffice snapshot`: one dimensions snapshot of the running local stack's table into
 * `<FRONTOFFICE_DATA_DIR>/lake/dimensions/` now (the runtime also takes one every 15 minutes).
 */
export const snapshotCommand = async (args: string[]): Promise<number> => {
  parseArgs({ args, options: {}, strict: true, allowPositionals: false });
  const config = readLocalConfig();
  // The platform reads its environment at import: set it first, then load the snapshot.
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${config.dynamoDbPort}`,
    TABLE_NAME: config.tableName,
    AWS_REGION: config.region,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  });
  const { runLocalSnapshot } = await import('../lake/snapshot.ts');
  const result = await runLocalSnapshot(config.dataDir).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).name;
    if (
      /ECONNREFUSED|UnknownEndpoint|ResourceNotFound/.test(String(code)) ||
      /ECONNREFUSED/.test(String(error))
    ) {
      throw new UserFacingError(
        `No DynamoDB answers on port ${config.dynamoDbPort}: start Front Office first (\`npx frontoffice start\`).`,
      );
    }
    throw error;
  });
  const counts = Object.entries(result.rows)
    .map(([name, rows]) => `${name} ${rows}`)
    .join(', ');
  process.stdout.write(
    `Dimensions snapshot at ${result.snapshotAt}: ${counts} (changed since ${result.since ?? 'the beginning'}).\n`,
  );
  return 0;
};
