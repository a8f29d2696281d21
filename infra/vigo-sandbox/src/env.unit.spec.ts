import { describe, expect, it } from 'vitest';
import { sandboxOptionsSchema } from './config.ts';
import { optionsFromEnv, parseEnv } from './env.ts';

const settingsFrom = (source: Record<string, string>) =>
  sandboxOptionsSchema.parse(optionsFromEnv(parseEnv(source)));

describe('vigo-sandbox configuration', () => {
  it('listens on 4010 and serves /api/v2 by default', () => {
    expect(parseEnv({})).toMatchObject({
      HOST: '127.0.0.1',
      PORT: 4010,
      LOG_LEVEL: 'info',
      LOG_REQUESTS: true,
    });
    expect(parseEnv({ LOG_REQUESTS: 'false' }).LOG_REQUESTS).toBe(false);
    expect(() => parseEnv({ LOG_REQUESTS: 'no' })).toThrow(/LOG_REQUESTS/);
    expect(settingsFrom({})).toMatchObject({
      basePath: '/api/v2',
      autoAdvance: 'onPrepared',
      stepIntervalMs: 2_000,
      timeZone: 'Europe/Istanbul',
      faults: {
        errorRate: 0,
        failNext: 0,
        hangRate: 0,
        duplicateCallbacks: 0,
        outOfOrderCallbacks: 0,
        dropCallbacks: 0,
      },
    });
  });

  it('reads credentials, timing and faults', () => {
    const settings = settingsFrom({
      VIGO_SANDBOX_BASE_PATH: '/',
      VIGO_SANDBOX_CLIENT_ID: 'id',
      VIGO_SANDBOX_CLIENT_SECRET: 'secret',
      VIGO_SANDBOX_STEP_INTERVAL_MS: '50',
      VIGO_SANDBOX_AUTO_ADVANCE: 'immediately',
      VIGO_SANDBOX_FAULT_LATENCY_MS: '100-300',
      VIGO_SANDBOX_FAULT_ERROR_RATE: '0.3',
      VIGO_SANDBOX_FAULT_DROP_CALLBACKS: '0.25',
      VIGO_SANDBOX_FAULT_OPERATIONS: 'POST /order, PUT /order/cancel',
      VIGO_SANDBOX_PICKUP_POINT_CALLBACK_URL: 'http://127.0.0.1:3000/vigo/pickup-points',
      VIGO_SANDBOX_PICKUP_POINTS:
        '[{"id":"6881e0dd1a5da2001e118180","name":"Şube","address":"Adres","location":{"longitude":29,"latitude":41},"phone":"0532"}]',
    });
    expect(settings).toMatchObject({
      basePath: '',
      clientId: 'id',
      clientSecret: 'secret',
      stepIntervalMs: 50,
      autoAdvance: 'immediately',
      faults: {
        latencyMs: { min: 100, max: 300 },
        errorRate: 0.3,
        dropCallbacks: 0.25,
        operations: ['POST /order', 'PUT /order/cancel'],
      },
      pickupPointCallback: { url: 'http://127.0.0.1:3000/vigo/pickup-points', tokenHeader: 'x-api-key' },
      pickupPoints: [{ id: '6881e0dd1a5da2001e118180', onboardingStatus: 'approved' }],
    });
  });

  it('names every bad variable at start', () => {
    expect(() =>
      parseEnv({
        PORT: 'eighty',
        VIGO_SANDBOX_FAULT_ERROR_RATE: '2',
        VIGO_SANDBOX_FAULT_OPERATIONS: 'DELETE /order',
        VIGO_SANDBOX_PICKUP_POINTS: '{',
      }),
    ).toThrow(
      /PORT[\s\S]*VIGO_SANDBOX_PICKUP_POINTS[\s\S]*VIGO_SANDBOX_FAULT_ERROR_RATE[\s\S]*VIGO_SANDBOX_FAULT_OPERATIONS/,
    );
  });

  it('refuses an unknown time zone', () => {
    expect(() => settingsFrom({ VIGO_SANDBOX_TIME_ZONE: 'Mars/Olympus' })).toThrow(/IANA/);
  });
});
