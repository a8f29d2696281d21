// `pnpm seed`: realistic demo orders through order-api's HTTP API, with a progress bar on stderr.
import { randomBytes } from 'node:crypto';
import { istanbulDateOf } from '@orders/domain';
import { OptionsError, parseCommandLine, usage } from './options.ts';
import { createProgress } from './progress.ts';
import { failuresText, summaryText } from './report.ts';
import { runSeed } from './seed.ts';

let parsed;
try {
  parsed = parseCommandLine(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof OptionsError)) throw error;
  process.stderr.write(`pnpm seed: ${error.message.split('\n').join('\npnpm seed: ')}\n\n${usage}`);
  process.exit(2);
}
if (parsed.help) {
  process.stdout.write(usage);
  process.exit(0);
}

const options = parsed.options;
const seed = options.seed ?? randomBytes(6).toString('hex');
const stop = new AbortController();
// The first Ctrl-C lets the orders under way finish and prints the report; a second one ends at once.
process.once('SIGINT', () => {
  process.stderr.write('\nstopping after the orders under way (Ctrl-C again to quit now)\n');
  stop.abort();
  process.once('SIGINT', () => process.exit(130));
});

process.stderr.write(
  `Seeding ${options.orders.toLocaleString('en-US')} orders into ${options.url} as client ${options.clientId} ` +
    `(concurrency ${options.concurrency}, seed ${seed})\n`,
);
const progress = createProgress(process.stderr, options.orders);
const result = await runSeed({
  ...options,
  seed,
  today: istanbulDateOf(new Date().toISOString()),
  signal: stop.signal,
  onProgress: (done, failed) => progress.update(done, failed),
});
progress.finish();

process.stdout.write(`${summaryText(result, { url: options.url, seed, asked: options.orders })}\n`);
const failures = failuresText(result);
if (failures) process.stderr.write(`${failures}\n`);
process.exitCode = result.failedRequests > 0 || stop.signal.aborted ? 1 : 0;
