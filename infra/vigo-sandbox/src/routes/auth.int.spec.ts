import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, testCredentials, type RunningSandbox } from '../test-support/http.ts';
import { tokenAnswerSchema } from '../contract.ts';

const unauthorisedBody = '{"message":"yetkisiz işlem"}';

describe('token exchange and x-auth-token', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ tokenTtlMs: 60_000 });
  });
  afterAll(() => sandbox?.close());

  const tokenCall = (body: unknown) =>
    fetch(`${sandbox.vigo}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('gives a token and its expiry for the right credentials', async () => {
    const before = Date.now();
    const response = await tokenCall(testCredentials);
    expect(response.status).toBe(200);
    const answer = tokenAnswerSchema.parse(await response.json());
    const expiresAt = Date.parse(answer.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
    const get = await sandbox.call('GET', '/order?orderNumber=none', { token: answer.token });
    expect(get.status).toBe(404);
  });

  it('answers 401 yetkisiz işlem for a wrong secret', async () => {
    const response = await tokenCall({ ...testCredentials, clientSecret: 'wrong' });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe(unauthorisedBody);
  });

  it('answers 400 naming the missing credential', async () => {
    const response = await tokenCall({ clientId: testCredentials.clientId });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/^clientSecret: /);
  });

  it('answers exactly {"message":"yetkisiz işlem"} without a token, on every protected endpoint', async () => {
    for (const [method, path] of [
      ['POST', '/order'],
      ['GET', '/order?id=627d0a69dc1f4a3d10ff5db5'],
      ['PUT', '/order/cancel?id=627d0a69dc1f4a3d10ff5db5'],
      ['PUT', '/order/prepared?id=627d0a69dc1f4a3d10ff5db5'],
      ['POST', '/pickup-point'],
      ['GET', '/pickup-point?id=x'],
    ] as const) {
      const response = await sandbox.call(method, path, {
        token: null,
        body: method === 'POST' ? {} : undefined,
      });
      expect({ method, path, status: response.status, body: await response.text() }).toEqual({
        method,
        path,
        status: 401,
        body: unauthorisedBody,
      });
    }
  });

  it('answers 401 for a token it never issued', async () => {
    const response = await sandbox.call('GET', '/order?id=x', { token: 'made-up' });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe(unauthorisedBody);
  });

  it('answers 401 once every token is expired by the control endpoint, and serves a new token', async () => {
    const token = await sandbox.token();
    expect((await sandbox.call('GET', '/order?id=x', { token })).status).toBe(404);
    const expire = await sandbox.control('POST', '/tokens/expire');
    expect(await expire.json()).toMatchObject({ expired: expect.any(Number) });
    const after = await sandbox.call('GET', '/order?id=x', { token });
    expect(after.status).toBe(401);
    expect(await after.text()).toBe(unauthorisedBody);
    expect((await sandbox.call('GET', '/order?id=x')).status).toBe(404);
  });

  it('lets a token with a short lifetime lapse on its own', async () => {
    // Long enough that the first call lands inside it on a loaded machine, short enough to wait out.
    const ttlMs = 1_500;
    await sandbox.control('PATCH', '/faults', { tokenTtlMs: ttlMs });
    try {
      const issuedAt = Date.now();
      const token = await sandbox.token();
      expect((await sandbox.call('GET', '/order?id=x', { token })).status).toBe(404);
      await new Promise((r) => setTimeout(r, Math.max(0, issuedAt + ttlMs + 100 - Date.now())));
      const lapsed = await sandbox.call('GET', '/order?id=x', { token });
      expect(lapsed.status).toBe(401);
      expect(await lapsed.text()).toBe(unauthorisedBody);
    } finally {
      await sandbox.control('PUT', '/faults', {});
    }
  });
});
