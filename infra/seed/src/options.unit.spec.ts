import { describe, expect, it } from 'vitest';
import { demoDefaults } from '../../embedded/src/env.ts';
import { demoClient, OptionsError, parseCommandLine } from './options.ts';

const parse = (argv: string[], env: Record<string, string | undefined> = {}) => {
  const parsed = parseCommandLine(argv, env);
  if (parsed.help) throw new Error('unexpected --help');
  return parsed.options;
};
const problemOf = (argv: string[]): string => {
  try {
    parseCommandLine(argv, {});
  } catch (error) {
    expect(error).toBeInstanceOf(OptionsError);
    return (error as Error).message;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
};

describe('the command line', () => {
  it('defaults to 10,000 orders at 16 at a time against the embedded start as its demo client', () => {
    expect(parse([])).toEqual({
      url: 'http://127.0.0.1:3000',
      clientId: demoClient.clientId,
      clientSecret: demoClient.secret,
      orders: 10_000,
      concurrency: 16,
      vigo: false,
    });
  });

  it('uses the same demo client as the embedded start', () => {
    expect(demoClient).toEqual(demoDefaults);
  });

  it('takes the client from ORDERS_DEMO_CLIENT_ID / _SECRET, and flags over the environment', () => {
    const env = { ORDERS_DEMO_CLIENT_ID: 'env-client', ORDERS_DEMO_CLIENT_SECRET: 'env-secret-123456' };
    expect(parse([], env)).toMatchObject({ clientId: 'env-client', clientSecret: 'env-secret-123456' });
    expect(parse(['--client-id', 'flag-client', '--client-secret', 'flag-secret-1234'], env)).toMatchObject({
      clientId: 'flag-client',
      clientSecret: 'flag-secret-1234',
    });
  });

  it('reads every option', () => {
    expect(
      parse([
        '--orders',
        '200',
        '--url',
        'http://api:8080',
        '--concurrency',
        '4',
        '--seed',
        'demo',
        '--vigo',
      ]),
    ).toMatchObject({ orders: 200, url: 'http://api:8080', concurrency: 4, seed: 'demo', vigo: true });
    expect(parseCommandLine(['--help'], {})).toEqual({ help: true });
  });

  it('names each bad option and why, all at once', () => {
    const message = problemOf(['--orders', '12x', '--concurrency', '0', '--url', 'ftp://x']);
    expect(message).toContain('--orders must be a whole number');
    expect(message).toContain('--concurrency must be at least 1');
    expect(message).toContain('--url must be an http(s) URL');
    expect(problemOf(['--orders', '2000000'])).toContain('--orders must be at most 1,000,000');
    expect(problemOf(['--client-secret', 'short'])).toContain(
      '--client-secret must have at least 12 characters',
    );
    expect(problemOf(['--order', '5'])).toMatch(/Unknown option '--order'/);
    expect(problemOf(['extra'])).toMatch(/Unexpected argument 'extra'/);
  });
});
