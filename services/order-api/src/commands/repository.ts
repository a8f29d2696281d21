import { randomUUID } from 'node:crypto';
import {
  decider,
  eventSchemaVersions,
  isDomainError,
  upcastOrderEvent,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
} from '@orders/domain';
import {
  StreamKeyTakenError,
  VersionConflictError,
  type EventMetadata,
  type EventStore,
} from '@orders/event-store';
import { HttpError } from '../http/errors.ts';
import { httpErrorOf } from './domain-errors.ts';

export const orderStreamId = (orderId: string): string => `order-${orderId}`;

export interface LoadedOrder {
  state: OrderState;
  version: bigint;
}

export interface ExecuteInput {
  orderId: string;
  tenantId: string;
  /** The version the client last saw (If-Match): a mismatch is a 409, never retried. */
  ifMatch?: bigint | undefined;
  /** A stream the caller just named with a fresh id (a create): nothing to load. */
  isNew?: boolean;
  /**
   * With `isNew`: the order number, recorded as the stream's key in the append's transaction
   * (the event store's stream keys), so the order is found by number as soon as it exists.
   */
  orderNo?: string;
  metadata: EventMetadata;
  /** Builds the command from the current state (so ids and loads can depend on it). */
  build(current: LoadedOrder): OrderCommand;
}

export interface ExecuteResult extends LoadedOrder {
  events: OrderEvent[];
  /** The global position of the last event appended (none when the command changed nothing). */
  position?: bigint;
}

export interface RepositoryMetrics {
  onAppend?(events: number): void;
  onConflict?(): void;
  onRetry?(): void;
}

/**
 * Loads orders from their streams (snapshot + tail) and runs commands: decide on the
 * current state, append with the state's version as the expected version. Without
 * If-Match a command that meets a concurrent append is decided again on the new state
 * (bounded), so two users changing different parts of one order both succeed.
 */
export function createOrderRepository(
  store: EventStore,
  options: { snapshotEvery?: number; maxRetries?: number; metrics?: RepositoryMetrics } = {},
) {
  const maxRetries = options.maxRetries ?? 8;
  const metrics = options.metrics ?? {};

  async function load(orderId: string): Promise<LoadedOrder> {
    const { state, version } = await store.aggregateStream<OrderState>(orderStreamId(orderId), {
      initialState: decider.initialState,
      evolve: (state, stored) =>
        decider.evolve(
          state,
          upcastOrderEvent({ type: stored.type, schemaVersion: stored.schemaVersion, data: stored.data }),
        ),
      snapshotEvery: options.snapshotEvery ?? 50,
      stateSchemaVersion: 1,
    });
    return { state, version };
  }

  async function execute(input: ExecuteInput): Promise<ExecuteResult> {
    for (let attempt = 0; ; attempt++) {
      const current =
        input.isNew && attempt === 0
          ? { state: decider.initialState(), version: 0n }
          : await load(input.orderId);
      if (input.ifMatch !== undefined && input.ifMatch !== current.version) {
        throw new HttpError(
          409,
          'VERSION_CONFLICT',
          `the order is at version ${current.version}, not ${input.ifMatch}`,
          [{ path: 'headers.if-match', reason: `expected ${current.version}` }],
        );
      }
      let events: OrderEvent[];
      try {
        events = decider.decide(input.build(current), current.state);
      } catch (error) {
        if (isDomainError(error)) throw httpErrorOf(error);
        throw error;
      }
      if (events.length === 0) return { ...current, events };
      try {
        const result = await store.append(
          orderStreamId(input.orderId),
          events.map((event) => ({
            eventId: randomUUID(),
            type: event.type,
            schemaVersion: eventSchemaVersions[event.type],
            data: event.data,
            metadata: { ...input.metadata, tenantId: input.tenantId },
          })),
          {
            expectedVersion: current.version === 0n ? 'no_stream' : current.version,
            streamType: 'order',
            tenantId: input.tenantId,
            ...(input.orderNo !== undefined && current.version === 0n ? { streamKey: input.orderNo } : {}),
          },
        );
        metrics.onAppend?.(events.length);
        const state = events.reduce(decider.evolve, current.state);
        const position = result.positions.at(-1);
        return {
          state,
          version: result.nextVersion,
          events,
          ...(position === undefined ? {} : { position }),
        };
      } catch (error) {
        if (error instanceof StreamKeyTakenError) {
          // Numbers come from a sequence: only a sequence set back by hand gives one twice.
          throw new HttpError(409, 'ORDER_NO_TAKEN', `order number ${error.streamKey} is taken`, [
            { path: 'order_no', reason: 'already used by another order of this tenant' },
          ]);
        }
        if (!(error instanceof VersionConflictError)) throw error;
        metrics.onConflict?.();
        if (input.ifMatch !== undefined || attempt >= maxRetries) {
          throw new HttpError(
            409,
            'VERSION_CONFLICT',
            'the order was changed by another request; read it and retry',
            [{ path: 'order', reason: 'concurrent change' }],
          );
        }
        metrics.onRetry?.();
        // a little jitter so that competing writers do not collide again in lockstep
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
      }
    }
  }

  /**
   * The order id of an order number in a tenant: the stream key the create recorded; orders
   * created before stream keys existed are found in order_api.orders_index, which the create
   * no longer writes. Undefined when neither knows the number.
   */
  async function idOfOrderNo(
    tenantId: string,
    orderNo: string,
    legacy: (tenantId: string, orderNo: string) => Promise<string | undefined>,
  ): Promise<string | undefined> {
    const streamId = await store.streamIdByKey({ tenantId, streamType: 'order', streamKey: orderNo });
    if (streamId !== undefined) return streamId.slice(orderStreamId('').length);
    return legacy(tenantId, orderNo);
  }

  return { load, execute, idOfOrderNo };
}

export type OrderRepository = ReturnType<typeof createOrderRepository>;
