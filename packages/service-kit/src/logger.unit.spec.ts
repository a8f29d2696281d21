import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes one JSON object per line with the service name and a readable level', () => {
    const { lines, destination } = capture();
    createLogger({ service: 'order-api', destination }).info({ orderId: 'o-1' }, 'order created');
    expect(lines[0]).toMatchObject({
      service: 'order-api',
      level: 'info',
      orderId: 'o-1',
      msg: 'order created',
    });
  });

  it('never writes secrets or personal data', () => {
    const { lines, destination } = capture();
    createLogger({ service: 't', destination }).info(
      {
        req: { headers: { 'x-client-secret': 's3cr3t', 'x-auth-token': 'tok' } },
        person: { firstname: 'Ayşe', phone: '+905321234567', identity: '10000000146' },
        vigo: { token: 'abc' },
      },
      'request',
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of ['s3cr3t', 'tok"', 'Ayşe', '+905321234567', '10000000146', 'abc']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
  });
});
