import type { IncomingMessage } from './message.ts';

/** The headers a dead-lettered message carries besides its original headers. */
export const DeadLetterHeaders = {
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  originalTimestamp: 'dlq-original-timestamp',
  consumerGroup: 'dlq-consumer-group',
  reason: 'dlq-reason',
  error: 'dlq-error',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
} as const;

/**
 * Why a message was dead-lettered:
 * - `decode-failed`: the value is not JSON (or the message has no value);
 * - `schema-invalid`: the JSON does not match the consumer's schema;
 * - `handler-failed`: the handler threw on every one of `maxAttempts` attempts.
 */
export type DeadLetterReason = 'decode-failed' | 'schema-invalid' | 'handler-failed';

/** The dead-letter topic of `topic` when none is configured. */
export function defaultDeadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

const maxErrorLength = 2_000;

/** A dead-letter record: the original key and bytes, the original headers plus the `dlq-*` ones. */
export interface DeadLetterRecord {
  topic: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Builds the record that carries `message` to the dead-letter topic. */
export function deadLetterRecord(
  message: IncomingMessage,
  failure: {
    topic: string;
    consumerGroup: string;
    reason: DeadLetterReason;
    error: string;
    attempts: number;
    failedAt: Date;
  },
): DeadLetterRecord {
  const error =
    failure.error.length > maxErrorLength ? `${failure.error.slice(0, maxErrorLength - 1)}…` : failure.error;
  return {
    topic: failure.topic,
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      [DeadLetterHeaders.originalTopic]: message.topic,
      [DeadLetterHeaders.originalPartition]: String(message.partition),
      [DeadLetterHeaders.originalOffset]: message.offset,
      [DeadLetterHeaders.originalTimestamp]: String(message.timestamp),
      [DeadLetterHeaders.consumerGroup]: failure.consumerGroup,
      [DeadLetterHeaders.reason]: failure.reason,
      [DeadLetterHeaders.error]: error,
      [DeadLetterHeaders.attempts]: String(failure.attempts),
      [DeadLetterHeaders.failedAt]: failure.failedAt.toISOString(),
    },
  };
}
