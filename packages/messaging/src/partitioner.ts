import { Partitioners, type ICustomPartitioner } from 'kafkajs';

// kafkajs's DefaultPartitioner (murmur2 of the key, as the Java client) computes murmur2 with
// 64-bit `Long` objects and filters the partition list for every message: about a tenth of the
// relay's CPU time. A key's partition depends only on the key and the topic's partition count,
// and an order's events come in runs of the same key, so remembering it gives the very same
// partition for a fraction of the cost.

/** Keys remembered per partition count before the memory is emptied and starts again. */
const maxRemembered = 100_000;

/**
 * kafkajs's DefaultPartitioner, remembering the partition of each key: the same partition for
 * every message (keyed or not, explicit partitions included), computed once per key and
 * partition count.
 */
export const MemoizedDefaultPartitioner: ICustomPartitioner = () => {
  const partitioner = Partitioners.DefaultPartitioner();
  const byCount = new Map<number, Map<string, number>>();
  let remembered = 0;
  return (args) => {
    const { message, partitionMetadata } = args;
    const key = message.key;
    if (typeof key !== 'string' || (message.partition !== undefined && message.partition !== null))
      return partitioner(args);
    let partitions = byCount.get(partitionMetadata.length);
    if (!partitions) {
      partitions = new Map();
      byCount.set(partitionMetadata.length, partitions);
    }
    let partition = partitions.get(key);
    if (partition === undefined) {
      partition = partitioner(args);
      if (remembered >= maxRemembered) {
        for (const map of byCount.values()) map.clear();
        remembered = 0;
      }
      partitions.set(key, partition);
      remembered += 1;
    }
    return partition;
  };
};

/**
 * The lane (0 … lanes − 1) of a record of a producer with several lanes: murmur2 of its key
 * modulo the lane count (as kafkajs's DefaultPartitioner computes a partition), so every record
 * of a key goes through one lane; when the lane count divides the topic's partition count, each
 * partition's records too (partition mod lanes). Records without a key go through lane 0.
 */
export function laneOfKey(lanes: number): (record: { topic: string; key: string | null }) => number {
  if (lanes <= 1) return () => 0;
  const partitioner = MemoizedDefaultPartitioner();
  const partitionMetadata = Array.from({ length: lanes }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
  return (record) =>
    record.key === null
      ? 0
      : partitioner({ topic: record.topic, partitionMetadata, message: { key: record.key, value: null } });
}
