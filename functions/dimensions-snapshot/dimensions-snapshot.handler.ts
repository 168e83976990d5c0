import { s3DimensionSink } from '#shared/analytics/dimension-sink-s3.ts';
import { runDimensionsSnapshot, type SnapshotResult } from '#shared/analytics/dimensions.service.ts';

/**
 * Hourly (EventBridge rule `rate(1 hour)`): the incremental snapshot of the non-personal
 * dimensions into the lake bucket (`LAKE_BUCKET`), as gzip JSON lines. Locally the runtime calls
 * `runDimensionsSnapshot` with the Parquet sink instead (local/lake).
 */
export const handler = async (): Promise<SnapshotResult> => {
  const bucket = process.env.LAKE_BUCKET;
  if (!bucket) throw new Error('LAKE_BUCKET is not set.');
  return runDimensionsSnapshot(s3DimensionSink(bucket));
};
