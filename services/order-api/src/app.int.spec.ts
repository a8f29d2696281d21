import { createLogger } from '@orders/service-kit';
import { createTestDatabase, type TestDatabase } from '@orders/testing';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';

describe('order-api operational routes', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url });
    app = await buildApp({ logger: createLogger({ service: 'order-api', level: 'silent' }), pool });
  });
  afterAll(async () => {
    await app?.close();
    await pool?.end();
    await database?.drop();
  });

  it('answers /health', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('is ready when PostgreSQL answers', async () => {
    const res = await app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ready', checks: [{ name: 'postgres', ok: true }] });
  });

  it('exposes Prometheus metrics including request durations', async () => {
    await app.inject({ method: 'GET', url: '/health' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('http_request_duration_seconds_bucket');
    expect(res.body).toMatch(/route="\/health"/);
  });

  it('is not ready, naming PostgreSQL, when the database is gone', async () => {
    const deadPool = new pg.Pool({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      connectionTimeoutMillis: 500,
    });
    const broken = await buildApp({
      logger: createLogger({ service: 'order-api', level: 'silent' }),
      pool: deadPool,
    });
    try {
      const res = await broken.inject({ method: 'GET', url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'not-ready', checks: [{ name: 'postgres', ok: false }] });
    } finally {
      await broken.close();
      await deadPool.end();
    }
  });
});
