// The root README's configuration table, generated from the code: every process's zod
// environment schema gives the variables and their defaults, the JSDoc comment above each
// variable in its env.ts gives the meaning. `pnpm --filter @orders/docs config-table` rewrites the
// README block; a test fails when the block and the code disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { distributedEnvSchema } from '../../distributed/src/env.ts';
import { embeddedEnvSchema } from '../../embedded/src/env.ts';
import { sandboxOptionsSchema } from '../../vigo-sandbox/src/config.ts';
import { envSchema as sandboxEnv } from '../../vigo-sandbox/src/env.ts';
import { envSchema as orderApiEnv } from '../../../services/order-api/src/env.ts';
import { envSchema as projectorEnv } from '../../../services/projector/src/env.ts';
import { envSchema as relayEnv } from '../../../services/relay/src/env.ts';
import { envSchema as connectorEnv } from '../../../services/vigo-connector/src/env.ts';

export const root = resolve(fileURLToPath(import.meta.url), '../../../..');

export interface ProcessConfig {
  /** The process, as the README names it. */
  name: string;
  /** Its env.ts, relative to the repository root. */
  file: string;
  schema: z.ZodType;
  /** Defaults applied after the schema (a process that maps its env onto options with their own defaults). */
  laterDefaults?: () => Record<string, unknown>;
}

const camel = (snake: string) => snake.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/** The sandbox's env maps VIGO_SANDBOX_X onto option x and VIGO_SANDBOX_FAULT_X onto faults.x. */
function sandboxDefaults(): Record<string, unknown> {
  const options = sandboxOptionsSchema.parse({}) as Record<string, unknown> & {
    faults: Record<string, unknown>;
  };
  const defaults: Record<string, unknown> = {};
  for (const key of Object.keys(objectOf(sandboxEnv).shape)) {
    const rest = key.replace(/^VIGO_SANDBOX_/, '');
    const value = rest.startsWith('FAULT_') ? options.faults[camel(rest.slice(6))] : options[camel(rest)];
    if (value !== undefined) defaults[key] = value;
  }
  return defaults;
}

export const processes: ProcessConfig[] = [
  { name: 'order-api', file: 'services/order-api/src/env.ts', schema: orderApiEnv },
  { name: 'projector', file: 'services/projector/src/env.ts', schema: projectorEnv },
  { name: 'relay', file: 'services/relay/src/env.ts', schema: relayEnv },
  { name: 'vigo-connector', file: 'services/vigo-connector/src/env.ts', schema: connectorEnv },
  {
    name: 'vigo-sandbox',
    file: 'infra/vigo-sandbox/src/env.ts',
    schema: sandboxEnv,
    laterDefaults: sandboxDefaults,
  },
  { name: 'embedded start (`pnpm start`)', file: 'infra/embedded/src/env.ts', schema: embeddedEnvSchema },
  {
    name: 'distributed run without Docker (`pnpm distributed`)',
    file: 'infra/distributed/src/env.ts',
    schema: distributedEnvSchema,
  },
];

/** Meanings of the variables every service shares, where its env.ts does not say more. */
const common: Record<string, string> = {
  HOST: 'Interface the HTTP server listens on.',
  PORT: 'HTTP port (API, `/health`, `/ready`, `/metrics`).',
  LOG_LEVEL: 'pino level: fatal, error, warn, info, debug, trace or silent.',
  DATABASE_URL: 'PostgreSQL connection string.',
  DATABASE_POOL_SIZE: 'Connections in the PostgreSQL pool.',
  MIGRATE_ON_START: 'Apply the database migrations at start (idempotent).',
  KAFKA_BROKERS: 'Comma-separated Kafka bootstrap brokers (`host:port`).',
};

export interface ConfigRow {
  variable: string;
  default: string;
  meaning: string;
}

/** The object schema under transforms and pipes (`z.object(…).transform(…)`). */
function objectOf(schema: z.ZodType): z.ZodObject {
  let current: z.ZodType = schema;
  for (let depth = 0; depth < 10; depth++) {
    if (current instanceof z.ZodObject) return current;
    if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else break;
  }
  throw new Error('an env schema must be a z.object (possibly piped into a transform)');
}

function shown(value: unknown): string {
  if (Array.isArray(value) && value.length === 0) return '[]';
  if (Array.isArray(value))
    return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(',');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** The JSDoc comment directly above `KEY:` in the source, as one line. */
function commentOf(source: string, key: string): string | undefined {
  const match = new RegExp(`/\\*\\*((?:[^*]|\\*(?!/))*)\\*/\\s*\\n\\s*${key}\\s*:`).exec(source);
  if (!match) return undefined;
  return match[1]!
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, '').trim())
    .filter(Boolean)
    .join(' ');
}

/** One row per variable of one process; throws naming every variable that has no meaning. */
export function rowsOf(config: ProcessConfig): ConfigRow[] {
  const source = readFileSync(resolve(root, config.file), 'utf8');
  const shape = objectOf(config.schema).shape as Record<string, z.ZodType>;
  const later = config.laterDefaults?.() ?? {};
  const missing: string[] = [];
  const rows = Object.entries(shape).map(([variable, field]) => {
    const parsed = field.safeParse(undefined);
    const value = parsed.success ? (parsed.data ?? later[variable]) : undefined;
    const defaultValue = !parsed.success ? '*required*' : value === undefined ? '—' : `\`${shown(value)}\``;
    const meaning = commentOf(source, variable) ?? common[variable];
    if (!meaning) missing.push(variable);
    return { variable, default: defaultValue, meaning: meaning ?? '' };
  });
  if (missing.length > 0) {
    throw new Error(`${config.file}: give ${missing.join(', ')} a /** meaning */ comment`);
  }
  return rows;
}

const cell = (text: string) => text.replaceAll('|', '\\|');

/** The whole generated block, markdown. */
export function configTable(): string {
  const parts = processes.map((config) => {
    const rows = rowsOf(config)
      .map((r) => `| \`${r.variable}\` | ${cell(r.default)} | ${cell(r.meaning)} |`)
      .join('\n');
    return `**${config.name}** (\`${config.file}\`)\n\n| variable | default | meaning |\n| --- | --- | --- |\n${rows}`;
  });
  return parts.join('\n\n');
}

export const startMarker =
  '<!-- config-table:start (generated by `pnpm --filter @orders/docs config-table`) -->';
export const endMarker = '<!-- config-table:end -->';

/** The README with its generated block replaced by `table`. */
export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(startMarker);
  const end = readme.indexOf(endMarker);
  if (start < 0 || end < start) throw new Error(`README.md has no ${startMarker} … ${endMarker} block`);
  return `${readme.slice(0, start + startMarker.length)}\n\n${table}\n\n${readme.slice(end)}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const table = configTable();
  if (process.argv.includes('--write')) {
    const path = resolve(root, 'README.md');
    writeFileSync(path, withTable(readFileSync(path, 'utf8'), table));
    process.stdout.write('README.md: configuration table written\n');
  } else {
    process.stdout.write(`${table}\n`);
  }
}
