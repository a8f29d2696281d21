import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-support/app.ts';

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is served as OpenAPI 3.1 at /docs/json and the Swagger UI at /docs', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toMatch(/^3\.1/);
    const ui = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });

  it('documents every v3 route with its method', async () => {
    const paths = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json().paths as Record<
      string,
      Record<string, unknown>
    >;
    const v3 = t.app.registeredRoutes.filter((r) => r.url.startsWith('/v3/'));
    expect(v3.length).toBeGreaterThan(60);
    const missing = v3.filter((r) => {
      const openapiPath = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
      return !paths[openapiPath]?.[r.method.toLowerCase()];
    });
    expect(missing).toEqual([]);
  });

  it('describes request bodies with the spec’s field names', async () => {
    const paths = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json().paths;
    const create = paths['/v3/orders'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(create.properties)).toEqual(
      expect.arrayContaining(['order_type', 'routes', 'loads', 'pricing']),
    );
    expect(create.required).toContain('order_type');
    expect(create.additionalProperties).toBe(false);
  });
});
