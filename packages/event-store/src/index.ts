export { createEventStore, type EventStore, type EventStoreOptions } from './store.ts';
export { migrateEventStore, eventStoreTestTemplate, DEFAULT_SCHEMA } from './migrate.ts';
export {
  eventStoreMigrations,
  eventStoreMigrationProvider,
  migrationsHash,
  type EventStoreMigration,
} from './migrations/index.ts';
export {
  VersionConflictError,
  StreamArchivedError,
  DuplicateEventIdError,
  StreamKeyTakenError,
} from './errors.ts';
export {
  createSubscription,
  subscriptionLockKeys,
  type Subscription,
  type SubscriptionOptions,
  type SubscriptionStatus,
  type ReadModelSubscriptionOptions,
  type SideEffectSubscriptionOptions,
} from './subscribe.ts';
export {
  createGroupSubscription,
  type GroupMember,
  type GroupSubscription,
  type GroupSubscriptionOptions,
} from './group.ts';
export { createWakeups, type Wakeups } from './wakeups.ts';
export {
  readCheckpoint,
  resetCheckpoint,
  compareAndSetCheckpoint,
  compareCheckpoints,
  ensureCheckpoint,
} from './checkpoints.ts';
export type { AggregateOptions, AggregateResult } from './aggregate.ts';
export { START_CHECKPOINT } from './types.ts';
export type {
  AppendManyItem,
  AppendOptions,
  AppendResult,
  Checkpoint,
  EventFilter,
  EventMetadata,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  ReadStreamResult,
  StoredEvent,
  Upcaster,
} from './types.ts';
