/**
 * A subscriber process for the crash test: a read-model subscription that records each event
 * in `crash_applied`, slowly (each batch sleeps 300 ms inside its transaction), and prints
 * `applying <n>` when a batch starts so the test can SIGKILL it mid-batch.
 * Env: DATABASE_URL, SUBSCRIPTION.
 */
import { sql } from 'kysely';
import { createEventStore } from '../store.ts';
import { createSubscription } from '../subscribe.ts';

interface ReadModel {
  crash_applied: { event_id: string; pid: number };
}

const store = createEventStore({ connectionString: process.env['DATABASE_URL']!, poolSize: 2 });
let batch = 0;
const subscription = createSubscription<ReadModel>({
  name: process.env['SUBSCRIPTION']!,
  store,
  mode: 'read-model',
  batchSize: 25,
  pollIntervalMs: 100,
  lockRetryMs: 100,
  handler: async (events, trx) => {
    batch += 1;
    await trx
      .insertInto('crash_applied')
      .values(events.map((e) => ({ event_id: e.eventId, pid: process.pid })))
      .execute();
    process.stdout.write(`applying ${batch}\n`);
    await sql`select pg_sleep(0.3)`.execute(trx);
  },
});

process.on('SIGTERM', () => {
  void subscription
    .stop()
    .then(() => store.close())
    .then(() => process.exit(0));
});
await subscription.start();
process.stdout.write('started\n');
