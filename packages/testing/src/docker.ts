import { existsSync } from 'node:fs';
import { connect } from 'node:net';

/** True when a Docker engine answers on its socket (or DOCKER_HOST is set), so testcontainers can run. */
export async function dockerEngineReachable(): Promise<boolean> {
  if (process.env['DOCKER_HOST']) return true;
  const socket = '/var/run/docker.sock';
  if (!existsSync(socket)) return false;
  return new Promise((resolve) => {
    const conn = connect(socket);
    const done = (ok: boolean) => {
      conn.destroy();
      resolve(ok);
    };
    conn.setTimeout(1_000, () => done(false));
    conn.once('connect', () => {
      conn.write('GET /_ping HTTP/1.0\r\n\r\n');
    });
    conn.once('data', (chunk) => done(chunk.toString('latin1').includes(' 200 ')));
    conn.once('error', () => done(false));
  });
}
