import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from './connector.ts';
import { startConnectorInProcess } from './test-support/connector.ts';
import { startHarness, waitFor, type Harness } from './test-support/harness.ts';

// RECONCILE_AFTER_MS as in production (minutes, not the fraction of a second of
// reconcile.int.spec.ts): rows are made quiet by moving their updated_at back, so that a row
// changed a moment ago can be shown not to be asked about.
let h: Harness;
let connector: Connector;

beforeAll(async () => {
  h = await startHarness({ connectorEnv: { RECONCILE_AFTER_MS: '600000' } });
  connector = await startConnectorInProcess(h.connectorEnv);
});
afterAll(async () => {
  await connector?.stop();
  await h?.close();
});

const row = (orderId: string) =>
  h.db.selectFrom('vigo_connector.dispatches').selectAll().where('order_id', '=', orderId).executeTakeFirst();

const quietForAnHour = (orderId: string) =>
  h.db
    .updateTable('vigo_connector.dispatches')
    .set({ updated_at: sql<Date>`now() - interval '1 hour'` })
    .where('order_id', '=', orderId)
    .execute();

/** The connector's GET /order calls to Vigo (every outcome). */
const lookups = () =>
  h.connectorMetric('vigo_connector_vigo_request_duration_seconds_count', 'operation="GET /order"');

describe('reconcile period', () => {
  it('asks Vigo only about rows quiet for longer than RECONCILE_AFTER_MS, and once per period', async () => {
    const orders = await Promise.all([h.user.create(), h.user.create(), h.user.create()]);
    const prepared = await Promise.all(
      orders.map(({ orderId, orderNo }) =>
        waitFor(`Vigo order ${orderNo} prepared`, async () => {
          const [order] = await h.control.ordersNumbered(orderNo);
          return order?.prepared && (await row(orderId))?.state === 'prepared'
            ? { orderId, vigoId: order.id }
            : undefined;
        }),
      ),
    );
    type Prepared = (typeof prepared)[number];
    const [a, recent, c] = prepared as [Prepared, Prepared, Prepared];
    // All three move on at Vigo and every callback is lost: only a GET /order can tell.
    await h.control.faults({ dropCallbacks: 1 });
    for (const { vigoId } of prepared) await h.control.advance(vigoId, 'onDelivery');
    const before = await lookups();
    const recentRow = await row(recent.orderId);
    const recentStatus = await h.user.status(recent.orderId);

    // Passes run one after another: once c is reconciled, the pass that reconciled a has
    // finished, and both passes had the recent row to choose.
    for (const { orderId } of [a, c]) {
      await quietForAnHour(orderId);
      await waitFor(
        'reconciled by the sweep',
        async () =>
          (await h.user.status(orderId)) === 'on-delivery' &&
          (await row(orderId))?.vigo_state === 'onDelivery',
      );
    }

    // One GET /order for a and one for c: a, touched by its reconciliation, was not asked
    // again, and the recent row never.
    expect(await lookups()).toBe(before + 2);
    expect(await row(recent.orderId)).toEqual(recentRow);
    expect(await h.user.status(recent.orderId)).toBe(recentStatus);
    expect(recentStatus).not.toBe('on-delivery');
    await h.control.clearFaults();
  });
});
