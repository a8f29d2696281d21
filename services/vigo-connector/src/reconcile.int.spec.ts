import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from './connector.ts';
import { createDispatchStore } from './dispatch-store.ts';
import { finalVigoStates, vigoStateRank } from './status-mapping.ts';
import { startConnectorInProcess } from './test-support/connector.ts';
import { startHarness, waitFor, type Harness } from './test-support/harness.ts';

// Lost callbacks: the sandbox drops every callback after the order is prepared (as when our
// endpoint was down longer than Vigo's retries); the connector's reconcile pass asks Vigo with
// GET /order and moves the order anyway. A short RECONCILE_AFTER_MS keeps the test quick.
let h: Harness;
let connector: Connector;

beforeAll(async () => {
  h = await startHarness({ connectorEnv: { RECONCILE_AFTER_MS: '700' } });
  connector = await startConnectorInProcess(h.connectorEnv);
});
afterEach(async () => {
  await h.control.clearFaults();
});
afterAll(async () => {
  await connector?.stop();
  await h?.close();
});

const row = (orderId: string) =>
  h.db.selectFrom('vigo_connector.dispatches').selectAll().where('order_id', '=', orderId).executeTakeFirst();

const metric = (name: string, labels: string) => h.connectorMetric(name, labels);

/** A new Vigo order of the demo client, once it is prepared at Vigo and in the dispatch table. */
async function preparedOrder() {
  const { orderId, orderNo } = await h.user.create();
  const vigo = await waitFor(`Vigo order ${orderNo} prepared`, async () => {
    const [order] = await h.control.ordersNumbered(orderNo);
    return order?.prepared && (await row(orderId))?.state === 'prepared' ? order : undefined;
  });
  return { orderId, orderNo, vigoId: vigo.id };
}

describe('reconcile with vigo', () => {
  it('delivers an order whose callbacks were all lost, and then leaves it alone', async () => {
    const { orderId, vigoId } = await preparedOrder();
    await h.control.faults({ dropCallbacks: 1 });
    const appliedBefore = await metric('vigo_connector_reconciliations_total', 'outcome="applied"');
    await h.control.advance(vigoId, 'delivered');

    await waitFor(
      'order delivered without callbacks',
      async () => (await h.user.status(orderId)) === 'delivered',
    );
    const walk = ['onTheWayForPickUp', 'onPickUpAddress', 'onDelivery', 'onDeliveryAddress', 'delivered'];
    const lost = (await h.control.callbacks())
      .map((d) => ({ status: d.status, body: d.body as { order?: { id?: string; state?: string } } }))
      .filter((d) => d.body.order?.id === vigoId && walk.includes(d.body.order.state ?? ''));
    // every callback of the walk to delivered was dropped: none reached the connector
    expect(lost.map((d) => d.body.order?.state)).toContain('delivered');
    expect(lost.filter((d) => d.status !== null)).toEqual([]);
    // The order shows delivered once order-api took the last move; the row and the metric follow.
    await waitFor(
      'the reconciliation recorded',
      async () =>
        (await row(orderId))?.vigo_state === 'delivered' &&
        (await metric('vigo_connector_reconciliations_total', 'outcome="applied"')) >= appliedBefore + 1,
    );
    expect(await h.statusHistory(orderId)).toEqual([
      'created',
      'assigned',
      'to-picking',
      'picked',
      'on-delivery',
      'delivered',
    ]);
    expect(await row(orderId)).toMatchObject({ state: 'prepared', vigo_state: 'delivered' });

    // Finished with Vigo: a later pass neither asks again nor moves the order.
    await h.db
      .updateTable('vigo_connector.dispatches')
      .set({ updated_at: sql<Date>`now() - interval '1 hour'` })
      .where('order_id', '=', orderId)
      .execute();
    const store = createDispatchStore(h.db);
    expect((await store.silent(700, finalVigoStates, 1_000)).map((r) => r.order_id)).not.toContain(orderId);
  });

  it('never moves an order backwards: Vigo at or below what was applied sends nothing to order-api', async () => {
    const { orderId, vigoId } = await preparedOrder();
    // Up to onDelivery with the callbacks working: that is what has been applied.
    await h.control.advance(vigoId, 'onDelivery');
    await waitFor(
      'on-delivery through callbacks',
      async () =>
        (await h.user.status(orderId)) === 'on-delivery' &&
        (await row(orderId))?.applied_rank === vigoStateRank.onDelivery,
    );
    await h.control.faults({ dropCallbacks: 1 });
    const events = await h.eventCount(orderId);
    const history = await h.statusHistory(orderId);

    // Below what was applied (transferred has no rank), then level with it: only the sweep learns of each.
    for (const state of ['transferred', 'onDelivery'] as const) {
      const unchanged = await metric('vigo_connector_reconciliations_total', 'outcome="unchanged"');
      await h.control.advance(vigoId, state);
      await waitFor(
        `the sweep to record ${state}`,
        async () =>
          (await row(orderId))?.vigo_state === state &&
          (await metric('vigo_connector_reconciliations_total', 'outcome="unchanged"')) > unchanged,
      );
      expect(await row(orderId)).toMatchObject({
        state: 'prepared',
        vigo_state: state,
        applied_rank: vigoStateRank.onDelivery,
      });
      expect(await h.eventCount(orderId)).toBe(events);
      expect(await h.user.status(orderId)).toBe('on-delivery');
    }
    expect(await h.statusHistory(orderId)).toEqual(history);

    // Vigo moving on is still applied, forward.
    await h.control.clearFaults();
    await h.control.advance(vigoId, 'delivered');
    await waitFor('delivered', async () => (await h.user.status(orderId)) === 'delivered');
  });

  it('asks only about prepared, unfinished orders quiet for longer than the period, oldest first', async () => {
    const tenant = 'reconcile-test';
    const rows = [
      {
        id: '00000000-0000-4000-8000-0000000000a1',
        state: 'prepared',
        vigo: 'onDelivery',
        age: '10 minutes',
      },
      { id: '00000000-0000-4000-8000-0000000000a2', state: 'prepared', vigo: null, age: '20 minutes' },
      { id: '00000000-0000-4000-8000-0000000000a3', state: 'prepared', vigo: 'onDelivery', age: '0 seconds' },
      { id: '00000000-0000-4000-8000-0000000000a4', state: 'prepared', vigo: 'delivered', age: '1 hour' },
      { id: '00000000-0000-4000-8000-0000000000a5', state: 'created', vigo: 'waiting', age: '1 hour' },
    ] as const;
    // In one short transaction the connector's own passes never see (nor touch) these rows.
    const rollback = new Error('rollback');
    let silent: string[] = [];
    await h.db
      .transaction()
      .execute(async (trx) => {
        for (const [i, r] of rows.entries()) {
          await trx
            .insertInto('vigo_connector.dispatches')
            .values({
              order_id: r.id,
              tenant_id: tenant,
              order_no: `REC-${i}`,
              state: r.state,
              vigo_order_id: `aaaaaaaaaaaaaaaaaaaaaaa${i}`,
              vigo_state: r.vigo,
              origin_branch_id: null,
              failure_reason: null,
              last_error: null,
              courier_latitude: null,
              courier_longitude: null,
              courier_located_at: null,
              event_at: null,
            })
            .execute();
          await trx
            .updateTable('vigo_connector.dispatches')
            .set({ updated_at: sql<Date>`now() - ${r.age}::interval` })
            .where('order_id', '=', r.id)
            .execute();
        }
        silent = (await createDispatchStore(trx).silent(60_000, finalVigoStates, 1_000)).map(
          (r) => r.order_id,
        );
        throw rollback;
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error;
      });
    expect(silent.filter((id) => id.startsWith('00000000-0000-4000-8000-0000000000a'))).toEqual([
      '00000000-0000-4000-8000-0000000000a2',
      '00000000-0000-4000-8000-0000000000a1',
    ]);
  });
});
