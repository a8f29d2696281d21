import { createHash, timingSafeEqual } from 'node:crypto';
import type { OrderStatus } from '@orders/domain';
import {
  vigoCallbackSchema,
  type OrderState as VigoState,
  type OrderStateCallback,
  type PickupPointStateCallback,
} from '@orders/contracts/vigo';
import type { Logger } from '@orders/service-kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Dispatcher } from './dispatch.ts';
import type { Dispatch, DispatchStore } from './dispatch-store.ts';
import { OrderBusyError, type OrderLocks } from './locks.ts';
import type { ConnectorMetrics } from './metrics.ts';
import { OrderApiError, type OrderApiClient, type OrderDetails } from './order-api-client.ts';
import { finalVigoStates, movesFor, needsReconcile, vigoStateRank } from './status-mapping.ts';
import type { VigoClient } from './vigo-client.ts';

/** What became of one look at Vigo's `GET /order` for a prepared order without news. */
export type ReconcileOutcome = 'applied' | 'unchanged' | 'unknown-order' | 'rejected' | 'skipped';

/**
 * How long the reconcile pass waits for an order's lock. Someone else is on the order (a
 * callback, a cancel): rather than stall the resumer for the default 10 s, the pass moves on,
 * and a row that stays quiet comes up again on a later pass.
 */
const reconcileLockWaitMs = 500;

/** What became of one callback. */
export type CallbackOutcome =
  'applied' | 'stale' | 'duplicate' | 'recorded' | 'unknown-order' | 'rejected' | 'pickup-point';

export interface CallbackDeps {
  store: DispatchStore;
  locks: OrderLocks;
  vigo: VigoClient;
  orderApi: OrderApiClient;
  dispatcher: Dispatcher;
  metrics: ConnectorMetrics;
  logger: Logger;
  tenantId: string;
}

/** Equal strings in time that does not depend on where they differ. */
export function constantTimeEqual(given: string, expected: string): boolean {
  // Hashing first makes both sides the same length, so the length does not leak either.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Two deliveries of the same callback (Vigo retries, duplicates) share this key; a repeated state later on does not. */
export function callbackKey(callback: OrderStateCallback | PickupPointStateCallback): string {
  const parts =
    callback.event === 'orderState'
      ? ['orderState', callback.order.id, callback.order.state, callback.occurredAt]
      : [
          'pickupPointState',
          callback.pickupPoint.id,
          callback.pickupPoint.onboardingStatus,
          callback.occurredAt ?? '',
        ];
  return createHash('sha256').update(parts.join('|')).digest('hex');
}

/** Turns Vigo callbacks into order commands on order-api, once each, never moving an order backwards. */
export function createCallbackProcessor(deps: CallbackDeps) {
  const { store, locks, vigo, orderApi, dispatcher, logger } = deps;
  const callbacks = 'vigo_connector.callbacks' as const;

  /** One move on order-api, at the version the plan was made for (If-Match). */
  async function move(order: OrderDetails, to: OrderStatus, version: number, key: string): Promise<number> {
    switch (to) {
      case 'delivered': {
        const undelivered = order.loads.filter((l) => !l.delivery).map((l) => l.load_no);
        // Delivering every load delivers the order; an order without loads is moved to delivered.
        return undelivered.length > 0
          ? orderApi.deliverLoads(order.order_id, undelivered, version, `${key}:deliver:${version}`)
          : orderApi.changeStatus(order.order_id, 'delivered', version);
      }
      case 'handover':
        return orderApi.handover(order.order_no, 'other', version, `${key}:handover:${version}`);
      case 'cancelled':
        return orderApi.cancel(order.order_id, version);
      default:
        return orderApi.changeStatus(order.order_id, to, version);
    }
  }

  /** Walks the order to where `state` says it is; re-reads and re-plans when someone else moved it meanwhile. */
  async function applyToOrder(row: Dispatch, state: VigoState): Promise<'applied' | 'rejected'> {
    for (let attempt = 1; ; attempt += 1) {
      const current = await orderApi.getOrder(row.order_id);
      if (!current) {
        logger.warn({ orderId: row.order_id }, 'callback for an order order-api no longer shows');
        return 'rejected';
      }
      const moves = movesFor(state, current.order.order_status);
      let version = current.version;
      try {
        for (const to of moves) {
          version = await move(current.order, to, version, `vigo:${row.vigo_order_id}:${state}`);
        }
        if (moves.length > 0) {
          logger.info(
            { orderId: row.order_id, vigoState: state, from: current.order.order_status, moves },
            'order moved by vigo callback',
          );
        }
        return 'applied';
      } catch (error) {
        if (!(error instanceof OrderApiError) || error.isTransient) throw error;
        if (error.isConflict && attempt < 5) continue;
        logger.warn(
          { orderId: row.order_id, vigoState: state, code: error.code, status: error.status },
          'order-api refused the move',
        );
        return 'rejected';
      }
    }
  }

  async function orderState(callback: OrderStateCallback): Promise<CallbackOutcome> {
    const vigoId = callback.order.id;
    const found =
      (await store.byVigoId(vigoId)) ?? (await store.byOrderNo(deps.tenantId, callback.order.orderNumber));
    if (!found || (found.vigo_order_id !== null && found.vigo_order_id !== vigoId)) {
      logger.warn(
        { vigoOrderId: vigoId, orderNumber: callback.order.orderNumber },
        'callback for an unknown vigo order',
      );
      return 'unknown-order';
    }
    return locks.withLock(found.order_id, async () => {
      let row = (await store.get(found.order_id))!;
      if (row.vigo_order_id === null) {
        // Vigo has the order but our write of its id did not land (a crash): confirm with Vigo, adopt it.
        const truth = await vigo.getOrder({ id: vigoId });
        if (!truth || truth.order.orderNumber !== row.order_no) return 'unknown-order';
        row = (await store.update(row.order_id, {
          vigo_order_id: vigoId,
          vigo_state: truth.order.state,
          state: row.state === 'pending' ? 'created' : row.state,
        }))!;
        deps.metrics.dispatch('reconciled');
      }
      const occurredAt = new Date(callback.occurredAt);
      if (callback.courier && (!row.courier_located_at || row.courier_located_at < occurredAt)) {
        await store.update(row.order_id, {
          courier_latitude: callback.courier.location.latitude,
          courier_longitude: callback.courier.location.longitude,
          courier_located_at: occurredAt,
        });
      }
      let state = callback.order.state;
      if (state === 'transferred') {
        await store.update(row.order_id, { vigo_state: state });
        return 'recorded';
      }
      if (vigoStateRank[state] <= row.applied_rank) return 'stale';
      if (needsReconcile(row.applied_rank, state)) {
        // In doubt (callbacks missing, late, or the order ends otherwise than delivered): Vigo decides.
        const truth = await vigo.getOrder({ id: vigoId });
        if (truth) {
          state = truth.order.state;
          if (state === 'transferred' || vigoStateRank[state] <= row.applied_rank) return 'stale';
        }
      }
      return applyVigoState(row, state);
    });
  }

  /** Moves the order to where Vigo's `state` says it is and records it on the row (under the order's lock). */
  async function applyVigoState(row: Dispatch, state: VigoState): Promise<'applied' | 'rejected'> {
    const result = await applyToOrder(row, state);
    if (result === 'rejected') return 'rejected';
    const ended = state === 'cancelled' || state === 'returned';
    await store.update(row.order_id, {
      applied_rank: vigoStateRank[state],
      vigo_state: state,
      ...(ended ? { state: 'cancelled' as const } : {}),
    });
    return 'applied';
  }

  /**
   * Asks Vigo where a prepared order stands (`GET /order`) and applies what the callbacks did
   * not bring (a lost callback), through the same path as a callback; never backwards. A row
   * with nothing new is touched, so that it is not asked about again before the next period.
   */
  async function reconcile(orderId: string): Promise<ReconcileOutcome> {
    return locks.withLock(orderId, () => reconcileLocked(orderId), reconcileLockWaitMs);
  }

  async function reconcileLocked(orderId: string): Promise<ReconcileOutcome> {
    const row = await store.get(orderId);
    if (!row || row.state !== 'prepared' || row.vigo_order_id === null) return 'skipped';
    const truth = await vigo.getOrder({ id: row.vigo_order_id });
    if (!truth) {
      logger.warn({ orderId, vigoOrderId: row.vigo_order_id }, 'vigo does not know a prepared order');
      await store.update(orderId, {});
      return 'unknown-order';
    }
    const state = truth.order.state;
    if (state === 'transferred' || vigoStateRank[state] <= row.applied_rank) {
      await store.update(orderId, { vigo_state: state });
      return 'unchanged';
    }
    const outcome = await applyVigoState(row, state);
    if (outcome === 'rejected') {
      // order-api refuses the move (the order went its own way): record Vigo's state, do not insist.
      await store.update(orderId, { vigo_state: state });
      return 'rejected';
    }
    logger.info({ orderId, vigoState: state }, 'order reconciled with vigo (a callback was missing)');
    return 'applied';
  }

  async function pickupPointState(callback: PickupPointStateCallback): Promise<CallbackOutcome> {
    const point = await store.pickupPointByVigoId(callback.pickupPoint.id);
    if (!point) return 'unknown-order';
    await store.setPickupPointStatus(callback.pickupPoint.id, callback.pickupPoint.onboardingStatus);
    // The waiting orders go in the background: Vigo gets its answer now, the resumer covers failures.
    void dispatcher
      .pickupPointDecided(callback.pickupPoint.id, callback.pickupPoint.onboardingStatus)
      .catch((error: Error) => logger.warn({ err: error.message }, 'pickup point follow-up failed'));
    return 'pickup-point';
  }

  return {
    reconcile,

    /**
     * One pass over prepared orders whose row has not changed for `olderThanMs` (at most
     * `limit`, oldest first): each is reconciled with Vigo; a failure is left for the next pass.
     */
    async reconcileSilent(olderThanMs: number, limit = 50): Promise<number> {
      const rows = await store.silent(olderThanMs, finalVigoStates, limit);
      for (const { order_id: orderId } of rows) {
        try {
          deps.metrics.reconciliation(await reconcile(orderId));
        } catch (error) {
          if (error instanceof OrderBusyError) {
            deps.metrics.reconciliation('busy');
            continue;
          }
          // The row is left as it is, so the next pass asks again. Only the id and the error are
          // logged: client errors name the call, a status and the service's message, never a token.
          deps.metrics.reconciliation('failed');
          logger.warn({ orderId, err: (error as Error).message }, 'reconcile with vigo failed; next pass');
        }
      }
      return rows.length;
    },

    /** Applies one validated callback once; throws on a transient failure (the caller answers 503, Vigo retries). */
    async process(callback: OrderStateCallback | PickupPointStateCallback): Promise<CallbackOutcome> {
      const key = callbackKey(callback);
      const claimed = await store.db
        .insertInto(callbacks)
        .values({
          dedupe_key: key,
          event: callback.event,
          ref: callback.event === 'orderState' ? callback.order.id : callback.pickupPoint.id,
          state:
            callback.event === 'orderState' ? callback.order.state : callback.pickupPoint.onboardingStatus,
          occurred_at: callback.occurredAt ? new Date(callback.occurredAt) : null,
          outcome: null,
        })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .returning('dedupe_key')
        .executeTakeFirst();
      if (!claimed) return 'duplicate';
      try {
        const outcome =
          callback.event === 'orderState' ? await orderState(callback) : await pickupPointState(callback);
        await store.db.updateTable(callbacks).set({ outcome }).where('dedupe_key', '=', key).execute();
        return outcome;
      } catch (error) {
        // Not applied: forget it, so that Vigo's retry of this callback is applied.
        await store.db
          .deleteFrom(callbacks)
          .where('dedupe_key', '=', key)
          .where('outcome', 'is', sql<null>`null`)
          .execute()
          .catch(() => undefined);
        throw error;
      }
    },
  };
}

export type CallbackProcessor = ReturnType<typeof createCallbackProcessor>;

/** `POST /vigo/callbacks`: token header (constant time) → 401, zod → 400, then the processor. */
export function registerCallbackRoute(
  app: FastifyInstance,
  options: {
    token: string;
    tokenHeader: string;
    processor: CallbackProcessor;
    metrics: ConnectorMetrics;
    logger: Logger;
  },
): void {
  // The token is checked before the body is even parsed.
  const onRequest = async (request: FastifyRequest, reply: FastifyReply) => {
    const given = request.headers[options.tokenHeader];
    if (typeof given !== 'string' || !constantTimeEqual(given, options.token)) {
      options.metrics.callback('unknown', 'unauthorized');
      return reply.code(401).send({ message: 'unauthorized' });
    }
  };
  app.post('/vigo/callbacks', { onRequest }, async (request, reply) => {
    const parsed = vigoCallbackSchema.safeParse(request.body);
    if (!parsed.success) {
      options.metrics.callback('unknown', 'invalid');
      return reply.code(400).send({
        message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
    }
    try {
      const outcome = await options.processor.process(parsed.data);
      options.metrics.callback(parsed.data.event, outcome);
      return reply.code(200).send({ ok: true, outcome });
    } catch (error) {
      options.metrics.callback(parsed.data.event, 'error');
      options.logger.warn(
        { err: (error as Error).message, event: parsed.data.event },
        'callback not applied; vigo will retry',
      );
      return reply.code(503).send({ message: 'not applied, retry later' });
    }
  });
}
