import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateConnector } from '../db/migrations.ts';
import type { ConnectorTables } from '../db/schema.ts';
import { createDispatchStore } from '../dispatch-store.ts';
import { envSchema } from '../env.ts';
import { registerBranch, registerBranchSchema } from '../pickup-points.ts';
import { createVigoClient } from '../vigo-client.ts';

const usage = `register-branch: registers a branch as a Vigo pickup point (DATABASE_URL, VIGO_BASE_URL,
VIGO_CLIENT_ID and VIGO_CLIENT_SECRET from the environment)

  pnpm --filter @orders/vigo-connector register-branch \\
    --branch <branch uuid> --name <name> --address <address> --lat <latitude> --lon <longitude> --phone <phone>

Orders leaving from the branch wait until Vigo approves the point (its approval callback).`;

const cliEnv = envSchema.pick({
  DATABASE_URL: true,
  VIGO_BASE_URL: true,
  VIGO_CLIENT_ID: true,
  VIGO_CLIENT_SECRET: true,
  VIGO_TIMEOUT_MS: true,
  VIGO_MAX_ATTEMPTS: true,
  VIGO_RETRY_BASE_MS: true,
  VIGO_RETRY_MAX_MS: true,
});

const { values } = parseArgs({
  options: {
    branch: { type: 'string' },
    name: { type: 'string' },
    address: { type: 'string' },
    lat: { type: 'string' },
    lon: { type: 'string' },
    phone: { type: 'string' },
    help: { type: 'boolean' },
  },
});
const env = cliEnv.safeParse(process.env);
const input = registerBranchSchema.safeParse({
  branchId: values.branch,
  name: values.name,
  address: values.address,
  location: { latitude: Number(values.lat), longitude: Number(values.lon) },
  phone: values.phone,
});
if (values.help || !env.success || !input.success) {
  const problems = [
    ...(env.success ? [] : env.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)),
    ...(input.success ? [] : input.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`)),
  ];
  console.error(`${values.help ? '' : `${problems.join('\n')}\n\n`}${usage}`);
  process.exit(values.help ? 0 : 2);
}

const pool = new pg.Pool({ connectionString: env.data.DATABASE_URL, max: 2 });
const db = new Kysely<ConnectorTables>({ dialect: new PostgresDialect({ pool }) });
try {
  await migrateConnector(db);
  const vigo = createVigoClient({
    baseUrl: env.data.VIGO_BASE_URL,
    clientId: env.data.VIGO_CLIENT_ID,
    clientSecret: env.data.VIGO_CLIENT_SECRET,
    timeoutMs: env.data.VIGO_TIMEOUT_MS,
    maxAttempts: env.data.VIGO_MAX_ATTEMPTS,
    backoff: { baseMs: env.data.VIGO_RETRY_BASE_MS, maxMs: env.data.VIGO_RETRY_MAX_MS },
    breaker: { threshold: 1_000, cooldownMs: 0 },
    tokenRefreshMarginMs: 0,
  });
  const registered = await registerBranch(vigo, createDispatchStore(db), input.data);
  console.log(
    `${registered.alreadyRegistered ? 'already registered' : 'registered'}: branch ${registered.branchId} → Vigo pickup point ${registered.vigoPickupPointId} (${registered.onboardingStatus})`,
  );
} catch (error) {
  console.error(`register-branch failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
