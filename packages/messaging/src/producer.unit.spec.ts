import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isRetriableClientError } from './errors.ts';
import { decodeHeaders } from './kafka-client.ts';
import { eventHeaders } from './message.ts';
import { laneOfKey, MemoizedDefaultPartitioner } from './partitioner.ts';
import { chunkRecords, type ProducerRecord } from './producer.ts';

const record = (i: number, bytes = 10): ProducerRecord => ({
  topic: i % 2 ? 'a' : 'b',
  key: `k${i}`,
  value: 'x'.repeat(bytes),
  headers: {},
});

describe('chunkRecords', () => {
  it('keeps every record, in order, within the count limit', () => {
    const records = Array.from({ length: 25 }, (_, i) => record(i));
    const chunks = chunkRecords(records, { maxBytes: 1_000_000, maxCount: 10 });
    expect(chunks.map((c) => c.length)).toEqual([10, 10, 5]);
    expect(chunks.flat()).toEqual(records);
  });

  it('starts a new chunk before the byte limit is crossed', () => {
    const records = Array.from({ length: 6 }, (_, i) => record(i, 400));
    const chunks = chunkRecords(records, { maxBytes: 1_000, maxCount: 100 });
    expect(chunks.map((c) => c.length)).toEqual([2, 2, 2]);
  });

  it('sends a record larger than the limit on its own', () => {
    const chunks = chunkRecords([record(0, 10), record(1, 5_000), record(2, 10)], {
      maxBytes: 1_000,
      maxCount: 100,
    });
    expect(chunks.map((c) => c.length)).toEqual([1, 1, 1]);
  });
});

const named = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), { name, ...extra });

describe('isRetriableClientError', () => {
  it('is true when retries ran out or the connection failed', () => {
    expect(isRetriableClientError(named('KafkaJSNumberOfRetriesExceeded'))).toBe(true);
    expect(isRetriableClientError(named('KafkaJSConnectionError'))).toBe(true);
  });

  it('follows the innermost cause and its retriable flag', () => {
    const tooLarge = named('KafkaJSProtocolError', { retriable: false, type: 'MESSAGE_TOO_LARGE' });
    expect(isRetriableClientError(named('KafkaJSNonRetriableError', { cause: tooLarge }))).toBe(false);
    const leader = named('KafkaJSProtocolError', { retriable: true });
    expect(isRetriableClientError(named('KafkaJSError', { originalError: leader }))).toBe(true);
  });

  it('is false for anything else', () => {
    expect(isRetriableClientError(new TypeError('bug'))).toBe(false);
    expect(isRetriableClientError('text')).toBe(false);
  });
});

describe('headers', () => {
  it('decodes header bytes as UTF-8 and keeps the last of repeated values', () => {
    expect(
      decodeHeaders({ a: Buffer.from('şehir'), b: 'plain', c: [Buffer.from('1'), '2'], d: undefined }),
    ).toEqual({ a: 'şehir', b: 'plain', c: '2' });
  });

  it('writes the standard order event headers', () => {
    const occurredAt = new Date('2025-03-04T05:06:07.000Z');
    expect(
      eventHeaders({
        eventId: 'e1',
        eventType: 'OrderCreated',
        schemaVersion: 2,
        tenantId: 't1',
        correlationId: 'c1',
        occurredAt,
      }),
    ).toEqual({
      'event-id': 'e1',
      'event-type': 'OrderCreated',
      'schema-version': '2',
      'tenant-id': 't1',
      'correlation-id': 'c1',
      'occurred-at': '2025-03-04T05:06:07.000Z',
    });
    expect(
      eventHeaders({
        eventId: 'e2',
        eventType: 'OrderCancelled',
        schemaVersion: 1,
        tenantId: 't1',
        correlationId: 'c1',
        causationId: 'e1',
        occurredAt,
      })['causation-id'],
    ).toBe('e1');
  });
});

const metadata = (count: number): PartitionMetadata[] =>
  Array.from({ length: count }, (_, i) => ({
    partitionErrorCode: 0,
    partitionId: i,
    leader: 1,
    replicas: [1],
    isr: [1],
  }));

describe('MemoizedDefaultPartitioner', () => {
  it('puts every key on the partition kafkajs’s DefaultPartitioner (murmur2, as Java) would, for any partition count', () => {
    const reference = Partitioners.DefaultPartitioner();
    const memoized = MemoizedDefaultPartitioner();
    for (const count of [1, 3, 12, 50]) {
      for (let i = 0; i < 2_000; i += 1) {
        // each key twice: computed, then remembered
        const key = `order-${(i * 7919) % 1_000}-ş`;
        const args = { topic: 't', partitionMetadata: metadata(count), message: { key, value: 'v' } };
        expect(memoized(args)).toBe(reference(args));
      }
    }
  });

  it('keeps an explicit partition and spreads messages without a key', () => {
    const memoized = MemoizedDefaultPartitioner();
    const partitionMetadata = metadata(4);
    expect(memoized({ topic: 't', partitionMetadata, message: { key: 'k', value: 'v', partition: 3 } })).toBe(
      3,
    );
    const spread = new Set(
      Array.from({ length: 8 }, () =>
        memoized({ topic: 't', partitionMetadata, message: { key: null, value: 'v' } }),
      ),
    );
    expect(spread.size).toBe(4);
  });
});

describe('laneOfKey', () => {
  it('gives each key one lane, and each partition one lane when the lane count divides the partition count', () => {
    const reference = Partitioners.DefaultPartitioner();
    for (const lanes of [2, 3, 4]) {
      const laneOf = laneOfKey(lanes);
      const used = new Set<number>();
      for (let i = 0; i < 500; i += 1) {
        const key = `order-${i}`;
        const lane = laneOf({ topic: 't', key });
        const partition = reference({
          topic: 't',
          partitionMetadata: metadata(12),
          message: { key, value: 'v' },
        });
        expect(lane).toBe(partition % lanes);
        expect(laneOf({ topic: 't', key })).toBe(lane);
        used.add(lane);
      }
      expect(used.size).toBe(lanes);
      expect(laneOf({ topic: 't', key: null })).toBe(0);
    }
  });
});
