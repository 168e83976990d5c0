import { gzipSync } from 'node:zlib';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ulid } from 'ulidx';
import { dimensionNamed } from './dimensions.schema.ts';
import type { DimensionSink } from './dimensions.service.ts';

/** Hive's JSON SerDe reads timestamps as `yyyy-MM-dd HH:mm:ss.SSS` (UTC here). */
export const hiveTimestamp = (iso: string): string => iso.replace('T', ' ').replace('Z', '');

/** The S3 key of one snapshot file of a dimension (the Glue table projects `dt`). */
export const dimensionObjectKey = (name: string, snapshotAt: string, id: string = ulid()): string =>
  `dimensions/${name}/dt=${snapshotAt.slice(0, 10)}/part-${id}.json.gz`;

/** Rows as gzip JSON lines with Hive timestamps, in the column order of the Glue table. */
export const dimensionJsonLines = (name: string, rows: readonly Record<string, unknown>[]): Buffer => {
  const dimension = dimensionNamed(name);
  const lines = rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const column of dimension.columns) {
      const value = row[column.name] ?? null;
      out[column.name] =
        column.glue === 'timestamp' && typeof value === 'string' ? hiveTimestamp(value) : value;
    }
    return `${JSON.stringify(out)}\n`;
  });
  return gzipSync(lines.join(''));
};

/**
 * The AWS dimension sink: one gzip JSON-lines object per snapshot and dimension under
 * `dimensions/<name>/dt=YYYY-MM-DD/` of the lake bucket (Lambda stays small: no DuckDB there).
 */
export const s3DimensionSink = (bucket: string, client: S3Client = new S3Client({})): DimensionSink => ({
  write: async (name, rows, snapshotAt) => {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: dimensionObjectKey(name, snapshotAt),
        Body: dimensionJsonLines(name, rows),
        // Athena recognises the compression by the `.gz` extension.
        ContentType: 'application/gzip',
      }),
    );
  },
});
