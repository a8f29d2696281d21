export {
  EventHeaders,
  eventHeaders,
  type EventHeaderName,
  type EventMetadata,
  type IncomingMessage,
  type OutgoingMessage,
} from './message.ts';
export { PublishError, TopicProvisioningError } from './errors.ts';
export type { MessagingLogger } from './logger.ts';
export {
  createProducer,
  type Producer,
  type ProducerObserver,
  type ProducerOptions,
  type SendOptions,
} from './producer.ts';
export {
  runConsumer,
  type ConsumedMessage,
  type ConsumerEvent,
  type ConsumerOptions,
  type MessageHandler,
  type MessagePosition,
  type RunningConsumer,
} from './consumer.ts';
export { backoffDelay, validateRetryPolicy, type RetryPolicy } from './backoff.ts';
export {
  migrateConsumerDedupe,
  defaultDedupeTable,
  claimEvent,
  claimEvents,
  dedupeTableSql,
} from './dedupe.ts';
export { DeadLetterHeaders, defaultDeadLetterTopic, type DeadLetterReason } from './dead-letter.ts';
export {
  ensureTopics,
  deleteTopics,
  describeTopics,
  type TopicSpec,
  type TopicDescription,
  type TopicProvisioningReport,
} from './topics.ts';
