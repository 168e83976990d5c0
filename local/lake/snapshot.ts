import { join } from 'node:path';
import { runDimensionsSnapshot, type SnapshotResult } from '#shared/analytics/dimensions.service.ts';
import { localDimensionSink } from './dimension-sink.ts';

/** How often the local runtime snapshots the dimensions (hourly on AWS; sooner here, it is cheap). */
export const LOCAL_SNAPSHOT_INTERVAL_MS = 15 * 60 * 1000;

/**
 * One dimensions snapshot into `<dataDir>/lake/dimensions/` as Parquet. Import only once the
 * platform environment (TABLE_NAME, DYNAMODB_ENDPOINT) is set: the table client reads it at import.
 */
export const runLocalSnapshot = async (dataDir: string): Promise<SnapshotResult> => {
  const sink = localDimensionSink(join(dataDir, 'lake'));
  try {
    return await runDimensionsSnapshot(sink);
  } finally {
    await sink.close();
  }
};
