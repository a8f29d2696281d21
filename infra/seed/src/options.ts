// The command line of `pnpm seed`, read with node:util parseArgs and checked by zod.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { vigoShare } from './plan.ts';

/** The demo client the embedded start seeds (infra/embedded/src/env.ts `demoDefaults`). */
export const demoClient = { clientId: 'demo-client', secret: 'demo-secret-change-me' } as const;

export const usage = `Usage: pnpm seed [options]

Creates realistic demo orders through order-api's HTTP API.

Options:
  --orders <n>             orders to create (default 10000)
  --url <url>              order-api base URL (default http://127.0.0.1:3000)
  --client-id <id>         API client (default $ORDERS_DEMO_CLIENT_ID, else the embedded demo client)
  --client-secret <secret> its secret (default $ORDERS_DEMO_CLIENT_SECRET, else the demo secret)
  --concurrency <n>        orders under way at once (default 16)
  --seed <text>            random source: the same seed on the same day gives the same data (default: random)
  --vigo                   make about ${vigoShare * 100}% of the orders Vigo orders (third_party_channel "vigo")
  -h, --help               this text
`;

const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `--${name} must be a whole number`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, `--${name} must be at least ${min}`)
        .max(max, `--${name} must be at most ${max.toLocaleString('en-US')}`),
    );

export const seedOptionsSchema = z.object({
  url: z
    .url({ protocol: /^https?$/, error: '--url must be an http(s) URL such as http://127.0.0.1:3000' })
    .default('http://127.0.0.1:3000'),
  clientId: z.string().min(3, '--client-id must have at least 3 characters'),
  clientSecret: z.string().min(12, '--client-secret must have at least 12 characters'),
  orders: wholeNumber('orders', 1, 1_000_000).default(10_000),
  concurrency: wholeNumber('concurrency', 1, 256).default(16),
  seed: z
    .string()
    .min(1, '--seed must not be empty')
    .max(200, '--seed must be at most 200 characters')
    .optional(),
  vigo: z.boolean().default(false),
});
export type SeedOptions = z.output<typeof seedOptionsSchema>;

export type ParsedCommandLine = { help: true } | { help: false; options: SeedOptions };

/** A command line that cannot be used; `message` says every problem, one per line. */
export class OptionsError extends Error {}

/**
 * Reads `argv` (without node and the script) and the environment (`ORDERS_DEMO_CLIENT_ID`,
 * `ORDERS_DEMO_CLIENT_SECRET`); throws an OptionsError naming every bad option.
 */
export function parseCommandLine(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): ParsedCommandLine {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        orders: { type: 'string' },
        url: { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        concurrency: { type: 'string' },
        seed: { type: 'string' },
        vigo: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new OptionsError(error instanceof Error ? error.message : String(error));
  }
  if (values['help']) return { help: true };
  const result = seedOptionsSchema.safeParse({
    url: values['url'],
    clientId: values['client-id'] ?? (env['ORDERS_DEMO_CLIENT_ID'] || demoClient.clientId),
    clientSecret: values['client-secret'] ?? (env['ORDERS_DEMO_CLIENT_SECRET'] || demoClient.secret),
    orders: values['orders'],
    concurrency: values['concurrency'],
    seed: values['seed'],
    vigo: values['vigo'] ?? false,
  });
  if (!result.success) {
    throw new OptionsError(result.error.issues.map((issue) => issue.message).join('\n'));
  }
  return { help: false, options: result.data };
}
