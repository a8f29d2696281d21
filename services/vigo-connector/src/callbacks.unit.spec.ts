import { describe, expect, it } from 'vitest';
import { callbackKey, constantTimeEqual } from './callbacks.ts';

describe('callback tokens', () => {
  it('compare equal only when equal', () => {
    expect(constantTimeEqual('callback-token-0123456789', 'callback-token-0123456789')).toBe(true);
    expect(constantTimeEqual('callback-token-012345678', 'callback-token-0123456789')).toBe(false);
    expect(constantTimeEqual('', 'callback-token-0123456789')).toBe(false);
  });
});

describe('callbackKey', () => {
  const base = {
    event: 'orderState' as const,
    order: { id: '627d0a69dc1f4a3d10ff5db5', orderNumber: 'ORD-000001', state: 'onDelivery' as const },
    occurredAt: '2026-01-02T10:00:00.000Z',
  };
  it('is the same for a repeated delivery of one callback', () => {
    expect(callbackKey({ ...base, order: { ...base.order, description: 'x' } })).toBe(callbackKey(base));
  });
  it('differs for another state or the same state entered again later', () => {
    expect(callbackKey({ ...base, order: { ...base.order, state: 'delivered' } })).not.toBe(
      callbackKey(base),
    );
    expect(callbackKey({ ...base, occurredAt: '2026-01-02T10:05:00.000Z' })).not.toBe(callbackKey(base));
  });
});
