import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Connector } from './connector.ts';
import { startConnectorInProcess } from './test-support/connector.ts';
import { startHarness, type Harness } from './test-support/harness.ts';

// Before its first event the connector holds a Vigo token, has had its order-api credentials
// checked once, and has its PostgreSQL connections open: the first burst of events (a backlog
// after a restart) must not pay for all of them at once.
let h: Harness;
let connector: Connector;

beforeAll(async () => {
  h = await startHarness();
  connector = await startConnectorInProcess({
    ...h.connectorEnv,
    DATABASE_POOL_SIZE: '4',
    DATABASE_LOCK_POOL_SIZE: '3',
  });
});
afterAll(async () => {
  await connector?.stop();
  await h?.close();
});

/** The sum of the connector's samples named `name` (labelled or not) whose line contains every one of `parts`. */
async function metric(name: string, ...parts: string[]): Promise<number> {
  const text = await connector.registry.metrics();
  return text
    .split('\n')
    .filter(
      (l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && parts.every((p) => l.includes(p)),
    )
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

it('fetches the token, checks its order-api credentials and opens its pools before consuming', async () => {
  // No event was handled: what is there was done by start().
  expect(await metric('vigo_connector_events_total')).toBe(0);
  expect(await metric('vigo_connector_token_refreshes_total')).toBe(1);
  // One GET of an order that does not exist: authenticated (404, not 401).
  const gets = 'vigo_connector_order_api_request_duration_seconds_count';
  expect(await metric(gets, 'operation="GET /v3/orders/:order_id"', 'outcome="404"')).toBe(1);
  expect(await metric(gets)).toBe(1);
  const { rows } = await sql<{ name: string; count: number }>`
    select application_name as name, count(*)::int as count from pg_stat_activity
    where datname = current_database() and application_name in ('vigo-connector', 'vigo-connector:locks')
    group by application_name`.execute(h.db);
  const open = Object.fromEntries(rows.map((r) => [r.name, r.count]));
  // The pools' connections, all open (the event store's own pool shares the main pool's name).
  expect(open['vigo-connector:locks']).toBe(3);
  expect(open['vigo-connector']).toBeGreaterThanOrEqual(4);
});
