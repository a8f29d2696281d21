import { describe, expect, it } from 'vitest';
import { fillPath } from './seed.ts';

describe('fillPath', () => {
  const refs = new Map([
    ['order_id', 'a1'],
    ['order_no', 'ORD-000001'],
    ['load:YK1', 'l-1'],
  ]);

  it('fills the order id, the order number and kept ids', () => {
    expect(fillPath('/v3/orders/{order_id}/loads/{ref:load:YK1}/logs', refs)).toBe(
      '/v3/orders/a1/loads/l-1/logs',
    );
    expect(fillPath('/v3/orders/{order_no}/handovers', refs)).toBe('/v3/orders/ORD-000001/handovers');
  });

  it('refuses a path whose id was never learnt', () => {
    expect(() => fillPath('/v3/orders/{order_id}/payments/{ref:payments3}', refs)).toThrow(/ref:payments3/);
  });
});
