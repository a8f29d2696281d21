/** Publishing failed: some or all of the messages of a `send()` were not acknowledged. */
export class PublishError extends Error {
  override readonly name = 'PublishError';
  /**
   * True when the failure is transient (broker unreachable, leader moving, timeout):
   * sending the same messages again may succeed. False for a message the broker will
   * never take (too large, invalid topic, not authorised).
   */
  readonly retriable: boolean;
  /** The topics of the messages that were being sent. */
  readonly topics: readonly string[];

  constructor(message: string, options: { retriable: boolean; topics: readonly string[]; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retriable = options.retriable;
    this.topics = options.topics;
  }
}

/** Topic provisioning was asked for something Kafka cannot do (e.g. fewer partitions). */
export class TopicProvisioningError extends Error {
  override readonly name = 'TopicProvisioningError';
  readonly topic: string;

  constructor(topic: string, message: string) {
    super(message);
    this.topic = topic;
  }
}

// kafkajs error names that mean "the attempt gave up on something transient".
const transientNames = new Set([
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSStaleTopicMetadataAssignment',
  'KafkaJSLockTimeout',
]);

/**
 * Whether a client error is transient: one of the names that mean retries ran out on
 * something transient anywhere in the chain of causes, else the client's own
 * `retriable` flag on the innermost cause (as kafkajs itself decides on a restart).
 */
export function isRetriableClientError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 10; depth += 1) {
    if (!(current instanceof Error)) return false;
    if (transientNames.has(current.name)) return true;
    // kafkajs wraps the real error in `originalError` (retrier) or `cause`.
    const next = (current as { originalError?: unknown }).originalError ?? current.cause;
    if (next === undefined) return (current as { retriable?: unknown }).retriable === true;
    current = next;
  }
  return false;
}
