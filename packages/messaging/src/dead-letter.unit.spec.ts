import { describe, expect, it } from 'vitest';
import { DeadLetterHeaders, deadLetterRecord, defaultDeadLetterTopic } from './dead-letter.ts';
import type { IncomingMessage } from './message.ts';

const poison: IncomingMessage = {
  topic: 'orders.events',
  partition: 3,
  offset: '4711',
  key: 'order-42',
  value: Buffer.from('{not json'),
  headers: { 'event-id': 'evt-1', 'event-type': 'OrderCreated' },
  timestamp: 1_700_000_000_000,
};

describe('a dead-letter record', () => {
  const failedAt = new Date('2025-01-02T03:04:05.000Z');
  const record = deadLetterRecord(poison, {
    topic: defaultDeadLetterTopic(poison.topic),
    consumerGroup: 'projector',
    reason: 'decode-failed',
    error: 'the value is not JSON',
    attempts: 1,
    failedAt,
  });

  it('goes to <topic>.dlq with the original key and bytes', () => {
    expect(record.topic).toBe('orders.events.dlq');
    expect(record.key).toBe('order-42');
    expect(record.value?.toString()).toBe('{not json');
  });

  it('keeps the original headers and says where the message came from and why it failed', () => {
    expect(record.headers).toEqual({
      'event-id': 'evt-1',
      'event-type': 'OrderCreated',
      [DeadLetterHeaders.originalTopic]: 'orders.events',
      [DeadLetterHeaders.originalPartition]: '3',
      [DeadLetterHeaders.originalOffset]: '4711',
      [DeadLetterHeaders.originalTimestamp]: '1700000000000',
      [DeadLetterHeaders.consumerGroup]: 'projector',
      [DeadLetterHeaders.reason]: 'decode-failed',
      [DeadLetterHeaders.error]: 'the value is not JSON',
      [DeadLetterHeaders.attempts]: '1',
      [DeadLetterHeaders.failedAt]: '2025-01-02T03:04:05.000Z',
    });
  });

  it('cuts a very long error so the record stays small', () => {
    const long = deadLetterRecord(poison, {
      topic: 'x.dlq',
      consumerGroup: 'g',
      reason: 'handler-failed',
      error: 'e'.repeat(10_000),
      attempts: 5,
      failedAt,
    });
    expect(long.headers[DeadLetterHeaders.error]).toHaveLength(2_000);
    expect(long.headers[DeadLetterHeaders.attempts]).toBe('5');
  });
});
