import { defineFeature, TABLE_RECORDS } from './feature.ts';

/**
 * Segment indexer (consumer of the `segments` queue): reads contacts, leads and profiles, writes
 * profiles and memberships (TransactWriteItems of member + count), and rebuilds segments, which
 * pages through every profile shard: more memory; the timeout (15 min) follows the queue's visibility.
 */
export const segmentIndexerFeature = defineFeature({
  functionName: 'segment-indexer',
  description: 'Front Office segment indexer: events → segment profiles, memberships and counts',
  memorySize: 1024,
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
