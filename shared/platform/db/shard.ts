/** A stable shard in `[0, shards)` of an id (FNV-1a of its UTF-16 code units), for spreading items over partitions. */
export const shardOf = (id: string, shards: number): number => {
  let hash = 0x811c9dc5;
  for (let index = 0; index < id.length; index++) {
    hash ^= id.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
};
