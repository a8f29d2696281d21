export {
  consumeOrderEvents,
  type ConsumeOrderEventsOptions,
  type EventStoreSourceOptions,
  type KafkaSourceOptions,
  type OrderEventConsumer,
  type OrderEventHandler,
} from './consume.ts';
export {
  migrateOrderEventConsumer,
  readDeadLetters,
  defaultDeadLetterTable,
  type ConsumerTables,
  type DeadLetter,
} from './dead-letters.ts';
export {
  publicEventOf,
  orderEventMessage,
  orderStreamType,
  UnpublishableEventError,
} from './stored-event.ts';
