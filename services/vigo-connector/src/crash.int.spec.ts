import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, waitFor, type Harness } from './test-support/harness.ts';
import { startNode, type RunningProcess } from './test-support/processes.ts';

// kill -9 between Vigo's answer and our write of its id: the connector runs as its own
// process with CRASH_AT=after-vigo-create, which SIGKILLs itself right after Vigo answered.
let h: Harness;
const running: RunningProcess[] = [];

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  await h?.close();
});

async function startConnector(env: Record<string, string>) {
  const { process } = await startNode(
    'vigo-connector',
    'services/vigo-connector/src/server.ts',
    { ...h.connectorEnv, LOG_LEVEL: 'info', ...env },
    (line) => (line['msg'] === 'vigo connector consuming order events' ? true : undefined),
  );
  running.push(process);
  return process;
}

const row = (orderId: string) =>
  h.db.selectFrom('vigo_connector.dispatches').selectAll().where('order_id', '=', orderId).executeTakeFirst();

it('still ends in exactly one Vigo order after a kill -9 between Vigo answering and our write', async () => {
  const doomed = await startConnector({ CRASH_AT: 'after-vigo-create' });
  const { orderId, orderNo } = await h.user.create();

  expect(await doomed.exited).toBe('SIGKILL');
  const [created, ...more] = await h.control.ordersNumbered(orderNo);
  expect(more).toEqual([]);
  expect(created).toMatchObject({ state: 'inQueue', prepared: false });
  // Vigo has the order; our row still says a create was under way, without its id.
  expect(await row(orderId)).toMatchObject({ state: 'pending', attempts: 1, vigo_order_id: null });

  const restarted = await startConnector({});
  const reconciled = await waitFor('row prepared', async () => {
    const r = await row(orderId);
    return r?.state === 'prepared' ? r : undefined;
  });
  expect(reconciled).toMatchObject({ vigo_order_id: created!.id, attempts: 2 });
  const after = await h.control.ordersNumbered(orderNo);
  expect(after).toHaveLength(1);
  expect(after[0]).toMatchObject({ id: created!.id, prepared: true });
  expect(restarted.logs.some((l) => l['msg'] === 'vigo order created' && l['reconciled'] === true)).toBe(
    true,
  );

  // And the order goes on as usual.
  await h.control.advance(created!.id, 'delivered');
  await waitFor('order delivered', async () => (await h.user.status(orderId)) === 'delivered');
  expect(await h.control.ordersNumbered(orderNo)).toHaveLength(1);
});
