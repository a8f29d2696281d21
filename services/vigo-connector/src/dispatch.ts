import pg from 'pg';
import type { OrderEventEnvelope } from '@orders/contracts';
import type { GetOrderAnswer } from '@orders/contracts/vigo';
import type { Logger } from '@orders/service-kit';
import type { Updateable } from 'kysely';
import type { DispatchesTable } from './db/schema.ts';
import type { DispatchStore, Dispatch } from './dispatch-store.ts';
import type { CrashPoint } from './env.ts';
import { OrderBusyError, type OrderLocks } from './locks.ts';
import {
  originBranchId,
  toVigoOrder,
  vigoChannel,
  type MappingConfig,
  type PickupChoice,
} from './mapping.ts';
import type { ConnectorMetrics } from './metrics.ts';
import { OrderApiError, type OrderApiClient, type OrderDetails } from './order-api-client.ts';
import { finalVigoStates, vigoStateRank } from './status-mapping.ts';
import { backoffDelay, sleep, type BackoffPolicy } from './vigo/backoff.ts';
import { isTransient, VigoPermanentError, VigoTransientError, type VigoClient } from './vigo-client.ts';

export interface DispatcherConfig {
  /** The tenant of the connector's order-api client; other tenants' events are not ours. */
  tenantId: string;
  mapping: MappingConfig;
  cancelText: string;
  /** Create attempts (each preceded by a lookup once one may have gone through) before leaving it to a retry. */
  createAttempts: number;
  createBackoff: BackoffPolicy;
  /** Tests only: called at each crash point (the server kills the process there). */
  crashPoint?: (point: CrashPoint) => void;
}

export interface DispatcherDeps {
  store: DispatchStore;
  locks: OrderLocks;
  vigo: VigoClient;
  orderApi: OrderApiClient;
  metrics: ConnectorMetrics;
  logger: Logger;
  config: DispatcherConfig;
}

/** What one handling of an order led to (for logs, metrics and tests). */
export type DispatchOutcome =
  | 'other-tenant'
  | 'not-vigo'
  | 'not-found'
  | 'draft'
  | 'closed'
  | 'already-done'
  | 'busy'
  | 'in-progress'
  | 'waiting-pickup-point'
  | 'failed'
  | 'prepared'
  | 'created'
  | 'cancelled'
  | 'not-dispatched'
  | 'retry-later';

const doneStates = new Set(['prepared', 'cancelled', 'failed']);

/** The order's row, read in the lock's round trip (the order id inlined as a literal). */
const peekRow = (orderId: string) =>
  `select * from vigo_connector.dispatches where order_id = ${pg.escapeLiteral(orderId)}`;

/**
 * Creates, prepares and cancels Vigo orders exactly once per order. Every step runs under
 * the order's lock and is recorded in the dispatch table before and after Vigo is called;
 * a step that Vigo or order-api could not finish is left in the table for {@link Dispatcher.resumeDue}.
 */
export function createDispatcher(deps: DispatcherDeps) {
  const { store, locks, vigo, orderApi, metrics, logger, config } = deps;

  // Orders already looked at (a row, or recorded as seen): their other events need no query.
  // Only a shortcut — the table stays the truth — bounded by dropping the oldest entries.
  const known = new Map<string, boolean>();
  const remember = (orderId: string, isVigo: boolean) => {
    if (known.size >= 50_000) known.delete(known.keys().next().value!);
    known.set(orderId, isVigo);
  };
  const seen = async (orderId: string, isVigo: boolean) => {
    await store.markSeen(orderId, isVigo);
    remember(orderId, isVigo);
  };

  /** Transient failures after the row exists are left to the resumer; before, the event source retries. */
  async function retryLater(orderId: string, error: unknown, hadRow: boolean): Promise<DispatchOutcome> {
    const transient = isTransient(error) || (error instanceof OrderApiError && error.isTransient);
    if (!transient || !hadRow) throw error;
    metrics.failure('transient');
    logger.warn(
      { orderId, err: (error as Error).message },
      'vigo dispatch step failed; a retry will pick it up',
    );
    await store
      .update(orderId, { last_error: (error as Error).message.slice(0, 500) })
      .catch(() => undefined);
    return 'retry-later';
  }

  async function pickupOf(order: OrderDetails): Promise<PickupChoice | 'waiting' | 'rejected'> {
    const branchId = originBranchId(order);
    if (branchId === undefined) return { kind: 'unregistered' };
    const point = await store.pickupPointOfBranch(branchId);
    if (!point) return { kind: 'unregistered' };
    if (point.onboarding_status === 'approved') {
      return { kind: 'registered', vigoPickupPointId: point.vigo_pickup_point_id };
    }
    return point.onboarding_status === 'rejected' ? 'rejected' : 'waiting';
  }

  /** The Vigo order of this orderNumber: found (a create that went through) or created now. */
  async function createExactlyOnce(
    row: Dispatch,
    body: Parameters<VigoClient['createOrder']>[0],
  ): Promise<{ id: string; state: string; reconciled: boolean }> {
    const lookup = async () => {
      const found = await vigo.getOrder({ orderNumber: row.order_no });
      return found ? { id: found.order.id, state: found.order.state, reconciled: true } : null;
    };
    for (let attempt = 1; ; attempt += 1) {
      // Once a create may have reached Vigo (an earlier claim, or a failed attempt here), look before creating.
      if (row.attempts > 1 || attempt > 1) {
        const found = await lookup();
        if (found) return found;
      }
      try {
        const result = await vigo.createOrder(body);
        if ('created' in result) {
          return { id: result.created.order.id, state: result.created.order.state, reconciled: false };
        }
        // 409: this orderNumber exists at Vigo — a create of ours that went through.
        const found = await lookup();
        if (found) return found;
        throw new VigoTransientError('POST /order', 'status', `409 but no order ${row.order_no} found`, 409);
      } catch (error) {
        if (!isTransient(error) || attempt >= config.createAttempts) throw error;
        await sleep(backoffDelay(config.createBackoff, attempt));
      }
    }
  }

  /**
   * `PUT /order/prepared`, then the row to `prepared`. `created`: the Vigo order just created
   * (or found) and not yet on the row: written with the outcome in one statement, or as
   * `created` first when the prepared call fails (a retry then prepares it).
   */
  async function markPrepared(
    row: Dispatch,
    created?: Updateable<DispatchesTable> & { vigo_order_id: string },
  ): Promise<DispatchOutcome> {
    const vigoId = created?.vigo_order_id ?? row.vigo_order_id!;
    try {
      await vigo.markPrepared({ id: vigoId });
    } catch (error) {
      if (created) await store.update(row.order_id, { ...created, state: 'created', last_error: null });
      if (!(error instanceof VigoPermanentError)) throw error;
      // Refused (the order is final at Vigo): take Vigo's word for where it is.
      const truth = await vigo.getOrder({ id: vigoId });
      const state = truth?.order.state ?? null;
      const cancelled = state === 'cancelled' || state === 'returned';
      await store.update(row.order_id, {
        state: cancelled ? 'cancelled' : 'prepared',
        vigo_state: state,
        last_error: error.message.slice(0, 500),
      });
      logger.warn({ orderId: row.order_id, vigoOrderId: vigoId, vigoState: state }, 'prepared refused');
      return cancelled ? 'cancelled' : 'prepared';
    }
    await store.update(row.order_id, { ...created, state: 'prepared', last_error: null });
    metrics.dispatch('prepared');
    return 'prepared';
  }

  async function fail(order: OrderDetails, reason: string, metric: string, eventAt: Date | null) {
    await store.record({
      orderId: order.order_id,
      tenantId: config.tenantId,
      orderNo: order.order_no,
      state: 'failed',
      originBranchId: originBranchId(order) ?? null,
      failureReason: reason.slice(0, 2000),
      eventAt,
    });
    metrics.dispatch('failed');
    metrics.failure(metric);
    logger.warn({ orderId: order.order_id, orderNo: order.order_no, reason }, 'vigo cannot take the order');
    return 'failed' as const;
  }

  /** Under the lock: brings the order to "prepared at Vigo", from wherever its row is (`row`: read with the lock). */
  async function dispatchLocked(
    orderId: string,
    eventAt: Date | null,
    lockedRow: Dispatch | undefined,
  ): Promise<DispatchOutcome> {
    let row = lockedRow;
    if (row && doneStates.has(row.state)) return 'already-done';
    if (row?.cancel_requested) return cancelLocked(orderId);
    try {
      if (row?.state === 'created') return await markPrepared(row);
      const found = await orderApi.getOrder(orderId);
      if (!found) return 'not-found';
      const order = found.order;
      const isVigo = order.third_party_channel === vigoChannel;
      if (!isVigo) {
        if (!row) await seen(orderId, false);
        return 'not-vigo';
      }
      if (order.order_status === 'cancelled' || order.order_status === 'delivered') {
        if (row) return await cancelLocked(orderId);
        await seen(orderId, true);
        return 'closed';
      }
      if (order.is_draft) {
        if (!row) await seen(orderId, true);
        return 'draft';
      }
      remember(orderId, true);

      const pickup = await pickupOf(order);
      if (pickup === 'rejected') {
        return await fail(
          order,
          'the origin branch was rejected as a pickup point by Vigo',
          'pickup-point-rejected',
          eventAt,
        );
      }
      if (pickup === 'waiting') {
        await store.record({
          orderId,
          tenantId: config.tenantId,
          orderNo: order.order_no,
          state: 'waiting-pickup-point',
          originBranchId: originBranchId(order) ?? null,
          eventAt,
        });
        metrics.dispatch('waiting');
        logger.info({ orderId, orderNo: order.order_no }, 'waiting for the pickup point to be approved');
        return 'waiting-pickup-point';
      }
      const mapped = toVigoOrder(order, pickup, config.mapping);
      if (!mapped.ok) return await fail(order, mapped.reasons.join('; '), 'unmappable', eventAt);

      row = await store.claim({
        orderId,
        tenantId: config.tenantId,
        orderNo: order.order_no,
        originBranchId: originBranchId(order) ?? null,
        eventAt,
      });
      let vigoOrder: { id: string; state: string; reconciled: boolean };
      try {
        vigoOrder = await createExactlyOnce(row, mapped.body);
      } catch (error) {
        if (error instanceof VigoPermanentError) {
          return await fail(order, error.message, 'rejected-by-vigo', eventAt);
        }
        throw error;
      }
      config.crashPoint?.('after-vigo-create');
      // Queued (or waiting for its point) is where a new order stands: callbacks start from there.
      const queued = vigoOrder.state === 'inQueue' || vigoOrder.state === 'waiting';
      // Written together with the prepared call's outcome (one statement). A crash before that
      // leaves the claimed row `pending`: the retry looks the order up by its number first.
      // A callback meanwhile finds the row by order number and waits for the order's lock.
      const created = {
        vigo_order_id: vigoOrder.id,
        vigo_state: vigoOrder.state,
        ...(queued ? { applied_rank: vigoStateRank[vigoOrder.state as 'inQueue' | 'waiting'] } : {}),
      };
      metrics.dispatch(vigoOrder.reconciled ? 'reconciled' : 'created');
      const since = row.event_at ?? eventAt;
      if (since && !vigoOrder.reconciled) metrics.eventToCreate((Date.now() - since.getTime()) / 1000);
      logger.info(
        {
          orderId,
          orderNo: order.order_no,
          vigoOrderId: vigoOrder.id,
          reconciled: vigoOrder.reconciled,
          attempts: row.attempts,
        },
        'vigo order created',
      );
      return await markPrepared(row, created);
    } catch (error) {
      return retryLater(orderId, error, (await store.get(orderId)) !== undefined);
    }
  }

  /** Under the lock: cancels the order's Vigo order (or makes sure none will be created). */
  async function cancelLocked(orderId: string): Promise<DispatchOutcome> {
    let row = await store.get(orderId);
    if (!row) return 'not-dispatched';
    if (row.state === 'cancelled' || row.state === 'failed') return 'already-done';
    row = (await store.update(orderId, { cancel_requested: true }))!;
    try {
      let vigoId = row.vigo_order_id;
      if (!vigoId && row.state === 'pending') {
        // A create may have gone through before a crash: look before deciding there is nothing to cancel.
        const found = await vigo.getOrder({ orderNumber: row.order_no });
        if (found) {
          vigoId = found.order.id;
          await store.update(orderId, { vigo_order_id: vigoId, vigo_state: found.order.state });
          metrics.dispatch('reconciled');
        }
      }
      if (!vigoId) {
        await store.update(orderId, { state: 'cancelled' });
        metrics.dispatch('cancelled');
        return 'cancelled';
      }
      const lastState = row.vigo_state as GetOrderAnswer['order']['state'] | null;
      if (lastState && finalVigoStates.includes(lastState)) {
        await store.update(orderId, { state: lastState === 'delivered' ? row.state : 'cancelled' });
        return lastState === 'delivered' ? 'already-done' : 'cancelled';
      }
      try {
        await vigo.cancelOrder({ id: vigoId }, config.cancelText);
      } catch (error) {
        if (!(error instanceof VigoPermanentError)) throw error;
        // Refused: already final at Vigo (delivered, cancelled, returned). Record what Vigo says.
        const truth = await vigo.getOrder({ id: vigoId });
        const state = truth?.order.state ?? null;
        const cancelled = state === 'cancelled' || state === 'returned' || state === 'returning';
        await store.update(orderId, {
          state: cancelled ? 'cancelled' : row.state,
          vigo_state: state,
          last_error: error.message.slice(0, 500),
        });
        logger.warn({ orderId, vigoOrderId: vigoId, vigoState: state }, 'vigo refused the cancel');
        return cancelled ? 'cancelled' : 'already-done';
      }
      await store.update(orderId, { state: 'cancelled', vigo_state: 'cancelled', last_error: null });
      metrics.dispatch('cancelled');
      logger.info({ orderId, vigoOrderId: vigoId }, 'vigo order cancelled');
      return 'cancelled';
    } catch (error) {
      return retryLater(orderId, error, true);
    }
  }

  async function locked(
    orderId: string,
    fn: (row: Dispatch | undefined) => Promise<DispatchOutcome>,
  ): Promise<DispatchOutcome> {
    try {
      return await locks.withLockRead<Dispatch, DispatchOutcome>(orderId, peekRow(orderId), (rows) =>
        fn(rows[0]),
      );
    } catch (error) {
      // Someone else is on this order; when it has a row, they (or the resumer) finish it.
      if (error instanceof OrderBusyError && (await store.get(orderId))) return 'busy';
      throw error;
    }
  }

  const dispatcher = {
    /** Creates (or finds) and prepares the order's Vigo order when it is a Vigo order. */
    dispatch: (orderId: string, eventAt: Date | null = null) =>
      locked(orderId, (row) => dispatchLocked(orderId, eventAt, row)),

    /** Cancels the order's Vigo order, if it has (or may have) one. */
    async cancel(orderId: string): Promise<DispatchOutcome> {
      try {
        return await locks.withLock(orderId, () => cancelLocked(orderId));
      } catch (error) {
        if (!(error instanceof OrderBusyError)) throw error;
        // Someone else holds the order for long: a cancel must not be lost, so it is recorded
        // and the resumer carries it out (or there is no row, and nothing was sent to cancel).
        const row = await store.update(orderId, { cancel_requested: true });
        if (!row) throw error;
        return 'retry-later';
      }
    },

    /**
     * The one handler both event sources call. Uses only the envelope's type, orderId,
     * tenantId, eventId and streamVersion; everything else comes from order-api.
     */
    async handleEvent(event: OrderEventEnvelope): Promise<DispatchOutcome> {
      const outcome = await route(event);
      metrics.event(event.type, outcome);
      logger.debug(
        {
          eventId: event.eventId,
          type: event.type,
          orderId: event.orderId,
          streamVersion: event.streamVersion,
          outcome,
        },
        'order event handled',
      );
      return outcome;
    },

    /** Picks up what was left for later: interrupted creates, unprepared orders, cancels, approved points. */
    async resumeDue(olderThanMs: number, limit = 50): Promise<number> {
      const rows = await store.due(olderThanMs, limit);
      for (const row of rows) {
        try {
          await (row.cancel_requested ? dispatcher.cancel(row.order_id) : dispatcher.dispatch(row.order_id));
        } catch (error) {
          logger.warn(
            { orderId: row.order_id, err: (error as Error).message },
            'resume failed; will try again',
          );
        }
      }
      return rows.length;
    },

    /** A pickup point's onboarding status changed: dispatch (approved) or fail (rejected) the orders waiting for it. */
    async pickupPointDecided(vigoPickupPointId: string, status: string): Promise<number> {
      const point = await store.setPickupPointStatus(vigoPickupPointId, status);
      if (!point || (status !== 'approved' && status !== 'rejected')) return 0;
      const waiting = await store.waitingFor(point.branch_id);
      for (const { order_id } of waiting) {
        try {
          await dispatcher.dispatch(order_id);
        } catch (error) {
          logger.warn(
            { orderId: order_id, err: (error as Error).message },
            'dispatch after pickup point decision failed',
          );
        }
      }
      return waiting.length;
    },
  };

  async function route(event: OrderEventEnvelope): Promise<DispatchOutcome> {
    if (event.tenantId !== config.tenantId) return 'other-tenant';
    const eventAt = new Date(event.occurredAt);
    switch (event.type) {
      case 'OrderCreated':
      case 'OrderUpdated':
        // The channel, the draft flag or the addresses may have changed: look (again) unless done.
        return dispatcher.dispatch(event.orderId, eventAt);
      case 'OrderCancelled':
      case 'OrderDeleted':
        return dispatcher.cancel(event.orderId);
      default: {
        // Any other event: only the first one seen of an order we know nothing about is looked at.
        const isVigo = known.get(event.orderId);
        if (isVigo !== undefined) return isVigo ? 'in-progress' : 'not-vigo';
        const row = await store.get(event.orderId);
        if (row) {
          remember(event.orderId, true);
          return doneStates.has(row.state) ? 'already-done' : 'in-progress';
        }
        const recorded = await store.seen(event.orderId);
        if (recorded) {
          remember(event.orderId, recorded.is_vigo);
          return recorded.is_vigo ? 'already-done' : 'not-vigo';
        }
        return dispatcher.dispatch(event.orderId, eventAt);
      }
    }
  }

  return dispatcher;
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
