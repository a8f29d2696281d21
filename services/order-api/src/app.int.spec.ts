import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-support/app.ts';
import { orderBody } from './test-support/bodies.ts';

describe('order-api operational routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers /health without credentials', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('is ready when PostgreSQL answers and the migrations are applied', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ready',
      checks: [
        { name: 'postgres', ok: true },
        { name: 'migrations', ok: true },
      ],
    });
  });

  it('exposes Prometheus metrics including request durations', async () => {
    await t.app.inject({ method: 'GET', url: '/health' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('http_request_duration_seconds_bucket');
    expect(res.body).toContain('order_api_appended_events_total');
  });

  it('is not ready, naming PostgreSQL, when the database is gone', async () => {
    const broken = await startTestApp();
    await broken.pool.end();
    const res = await broken.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'not-ready' });
    expect(res.json().checks).toContainEqual(expect.objectContaining({ name: 'postgres', ok: false }));
    await broken.app.close();
    await broken.store.close();
    await broken.database.drop();
  });

  it('carries the caller’s x-correlation-id back, or makes one', async () => {
    const given = await t.app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-correlation-id': 'trace-42' },
    });
    expect(given.headers['x-correlation-id']).toBe('trace-42');
    const made = await t.app.inject({ method: 'GET', url: '/health' });
    expect(made.headers['x-correlation-id']).toMatch(/\S+/);
  });

  it('serves the same answers over a real listening socket', async () => {
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const created = await fetch(`${address}/v3/orders`, {
      method: 'POST',
      headers: { ...t.tenantA, 'content-type': 'application/json' },
      body: JSON.stringify(orderBody()),
    });
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as { data: { order_id: string } };
    const read = await fetch(`${address}/v3/orders/${data.order_id}`, { headers: t.tenantA });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toMatch(/^"\d+"$/);
  });

  it('answers an unknown route with the envelope and 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v4/nothing', headers: t.tenantA });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ success: false, data: null, error: { code: 'NOT_FOUND' } });
  });
});
