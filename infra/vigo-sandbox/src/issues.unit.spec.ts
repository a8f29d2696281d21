import { describe, expect, it } from 'vitest';
import { createOrderBodySchema } from './contract.ts';
import { describeIssues } from './issues.ts';
import { exampleOrder } from './test-support/example-order.ts';

const messageFor = (body: unknown) => {
  const result = createOrderBodySchema.safeParse(body);
  if (result.success) throw new Error('expected the body to be refused');
  return describeIssues(result.error);
};

describe('validation messages', () => {
  it('accepts the documentation example', () => {
    expect(createOrderBodySchema.safeParse(exampleOrder()).success).toBe(true);
    expect(
      createOrderBodySchema.safeParse(exampleOrder({ pickupPoint: { id: '6881e0dd1a5da2001e118180' } }))
        .success,
    ).toBe(true);
  });

  it('names a missing field', () => {
    const { receiverPhone: _dropped, ...body } = exampleOrder();
    expect(messageFor(body)).toMatch(/^receiverPhone: /);
  });

  it('names a nested product field with its index', () => {
    const body = exampleOrder({ products: [{ productName: 'Su', ingredients: '', amount: 1.5 }] });
    expect(messageFor(body)).toMatch(/^products\[0\]\.amount: .*int/);
  });

  it('names the field of the pickup point alternative the caller meant', () => {
    const body = exampleOrder({
      pickupPoint: { name: 'Şube', address: 'Adres', phone: '0532' } as never,
    });
    expect(messageFor(body)).toBe('pickupPoint.location: Invalid input: expected object, received undefined');
  });

  it('names unknown fields', () => {
    expect(messageFor({ ...exampleOrder(), receiverAdress: 'typo' })).toBe('receiverAdress: unknown field');
  });

  it('refuses a desi under 0.001 and a value outside the enums', () => {
    expect(messageFor(exampleOrder({ desi: 0 }))).toMatch(/^desi: /);
    expect(messageFor(exampleOrder({ paymentType: 'bitcoin' as never }))).toMatch(
      /^paymentType: .*tokenFlex/,
    );
  });
});
