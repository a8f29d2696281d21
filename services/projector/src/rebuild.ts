// pnpm --filter @orders/projector rebuild <projection|all> [--fresh] [--no-swap]
// Replays the log from position 0 into shadow tables and swaps them in atomically while the
// API keeps answering from the live ones; a progress bar with events/s and ETA on stderr;
// resumable: run it again after a crash and it goes on from the shadow's own checkpoint.
import { parseArgs } from 'node:util';
import { createEventStore, migrateEventStore } from '@orders/event-store';
import { migrateReadModels } from '@orders/read-models';
import { parseEnv } from './env.ts';
import { projectorProjection, projectorProjections } from './projections/index.ts';
import { rebuildProjection } from './rebuild/run.ts';

const names = projectorProjections.map((p) => p.projection.name);
const usage = `usage: rebuild <${names.join('|')}|all> [--fresh] [--no-swap] [--batch-size N]
  --fresh       start over even if an interrupted rebuild left its shadow tables
  --no-swap     fill the shadow tables but leave the live ones in place
(DATABASE_URL selects the database)`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    fresh: { type: 'boolean', default: false },
    'no-swap': { type: 'boolean', default: false },
    'batch-size': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
const target = positionals[0];
const chosen = target === 'all' ? projectorProjections : target ? [projectorProjection(target)] : [];
if (values.help || chosen.length === 0 || chosen.some((p) => p === undefined)) {
  console.error(target && !values.help ? `unknown projection ${target}\n${usage}` : usage);
  process.exit(2);
}

const env = parseEnv(process.env);
const say = (line: string) => process.stderr.write(`[rebuild] ${line}\n`);
await migrateEventStore(env.DATABASE_URL);
await migrateReadModels(env.DATABASE_URL);
const store = createEventStore({
  connectionString: env.DATABASE_URL,
  poolSize: 4,
  applicationName: 'projector-rebuild',
});
let stopping = false;
process.on('SIGINT', () => {
  if (stopping) process.exit(130);
  stopping = true;
  say('interrupted: the shadow tables and their checkpoint stay; run the same command to resume');
  process.exit(130);
});
try {
  for (const projector of chosen) {
    const result = await rebuildProjection({
      store,
      projector: projector!,
      fresh: values.fresh,
      swap: !values['no-swap'],
      ...(values['batch-size'] ? { batchSize: Number(values['batch-size']) } : {}),
      log: say,
    });
    say(
      `${projector!.projection.name}: ${result.replayedEvents} events replayed in ${result.replaySeconds.toFixed(1)} s ` +
        `(${Math.round(result.replayedEvents / Math.max(result.replaySeconds, 0.001))} events/s), indexes ${result.indexSeconds.toFixed(1)} s, ` +
        `total ${result.totalSeconds.toFixed(1)} s, at position ${result.position}`,
    );
  }
} finally {
  await store.close();
}
