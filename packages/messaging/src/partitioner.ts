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
