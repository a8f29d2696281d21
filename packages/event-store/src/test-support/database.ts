import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '@orders/testing';
import { createEventStore, type EventStore, type EventStoreOptions } from '../store.ts';
import { eventStoreTestTemplate } from '../migrate.ts';
import type { NewEvent } from '../types.ts';

/** One database per test file, copied from the migrated event-store template. */
export async function eventStoreDatabase(): Promise<TestDatabase> {
  return createTestDatabase({ template: eventStoreTestTemplate() });
}

/** A store on `database`; every store opened here is closed by `closeAll`. */
export function storeFactory(database: () => TestDatabase) {
  const opened: EventStore[] = [];
  return {
    open(options: Omit<EventStoreOptions, 'pool' | 'connectionString'> = {}): EventStore {
      const store = createEventStore({ connectionString: database().url, poolSize: 4, ...options });
      opened.push(store);
      return store;
    },
    async closeAll(): Promise<void> {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    },
  };
}

export function event(type = 'Happened', data: unknown = {}, extra: Partial<NewEvent> = {}): NewEvent {
  return { eventId: randomUUID(), type, data, ...extra };
}

export const uniqueStream = (prefix = 'stream') => `${prefix}-${randomUUID().slice(0, 8)}`;

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  describe?: () => Promise<string>,
): Promise<void> {
  // Waits are bounds on failure, not measurements: scaled up (TEST_WAIT_SCALE, default 3) because
  // CI runs every package at once on two cores, and a transaction of another test database on
  // the same server holds the cluster-wide xmin, delaying when committed events become visible.
  timeoutMs *= Number(process.env['TEST_WAIT_SCALE'] ?? 3);
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      const state = describe ? `; ${await describe()}` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${state}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Waits until every event committed so far is below the snapshot's xmin, i.e. visible to
 * `readAll`. On a shared server (CI runs every package against one PostgreSQL) another
 * database's open transaction can hold the cluster-wide xmin for a moment.
 */
export async function untilVisible(target: EventStore): Promise<void> {
  await waitFor(
    async () => {
      const { rows } = await sql<{ ok: boolean }>`select coalesce(
          (select transaction_id from ${sql.table(`${target.schema}.events`)} order by transaction_id desc limit 1)
            < pg_snapshot_xmin(pg_current_snapshot()),
          true) as ok`.execute(target.db);
      return rows[0]?.ok === true;
    },
    20_000,
    'every committed event to become visible (an open transaction on the server holds xmin)',
  );
}
