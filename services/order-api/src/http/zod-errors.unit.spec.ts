import { createOrderBody } from '@orders/contracts';
import { describe, expect, it } from 'vitest';
import { issuesToDetails } from './zod-errors.ts';

describe('issuesToDetails', () => {
  it('names each bad field with its full path and reason', () => {
    const result = createOrderBody.safeParse({
      order_type: 'space',
      routes: [{ route_type: 'origin', address: { latitude: 123 } }],
    });
    const details = issuesToDetails('body', result.error!.issues);
    expect(details.map((d) => d.path).toSorted()).toEqual([
      'body.order_type',
      'body.routes[0].address.latitude',
    ]);
    expect(details.every((d) => d.reason.length > 0)).toBe(true);
  });

  it('names every unknown field rather than the object holding them', () => {
    const result = createOrderBody.safeParse({ order_type: 'delivery', colour: 'red', size: 3 });
    expect(issuesToDetails('body', result.error!.issues)).toEqual([
      { path: 'body.colour', reason: 'unknown field' },
      { path: 'body.size', reason: 'unknown field' },
    ]);
  });
});
