import { describe, expect, it } from 'vitest';
import { DomainError } from './order/errors.ts';
import {
  assertLedgerPricing,
  assertLoadPricing,
  assertOrderPricing,
  assertServicePricing,
  computeLedgerPricing,
  computeLoadPricing,
  computeOrderPricing,
  computeServicePricing,
  type OrderPricing,
} from './pricing.ts';
import { pricing } from './test-support/fixtures.ts';
import { isVatRateAllowed, vatDateOf } from './vat.ts';

const today = { path: 'pricing', date: '2024-03-01' };

function errorOf(run: () => void): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
  }
  throw new Error('expected a DomainError');
}

describe('order pricing', () => {
  it('accepts a block whose numbers agree', () =>
    expect(() => assertOrderPricing(pricing, today)).not.toThrow());

  it('accepts the spec example (18% VAT) for an order dated before 2023-07-10', () => {
    const example: OrderPricing = { ...pricing, vat: 18, vatAmount: 24_300, totalAmount: 159_300 };
    expect(() => assertOrderPricing(example, { path: 'pricing', date: '2023-07-09' })).not.toThrow();
    expect(errorOf(() => assertOrderPricing(example, today))).toMatchObject({
      code: 'VAT_RATE_INVALID',
      details: [{ path: 'pricing.vat' }],
    });
  });

  it('names the field that disagrees', () => {
    const error = errorOf(() =>
      assertOrderPricing({ ...pricing, vatAmount: 27_001, totalAmount: 162_001 }, today),
    );
    expect(error.code).toBe('PRICING_MISMATCH');
    expect(error.details.map((detail) => detail.path)).toEqual(['pricing.vatAmount', 'pricing.totalAmount']);
    expect(error.data).toEqual({ field: 'pricing.vatAmount', expected: 27_000, actual: 27_001 });
  });

  it('checks subTotal = base + commission + services + delivery − discount', () => {
    const discounted = {
      ...pricing,
      discountAmount: 35_000,
      subTotalAmount: 100_000,
      vatAmount: 20_000,
      totalAmount: 120_000,
    };
    expect(() => assertOrderPricing(discounted, today)).not.toThrow();
    expect(
      errorOf(() => assertOrderPricing({ ...discounted, subTotalAmount: 135_000 }, today)).data,
    ).toMatchObject({
      field: 'pricing.subTotalAmount',
      expected: 100_000,
    });
  });

  it('refuses a discount larger than what it reduces, and amounts that are not kuruş', () => {
    expect(errorOf(() => assertOrderPricing({ ...pricing, discountAmount: 200_000 }, today))).toMatchObject({
      code: 'INVALID_AMOUNT',
      details: [{ path: 'pricing.discountAmount' }],
    });
    expect(errorOf(() => assertOrderPricing({ ...pricing, baseAmount: 1000.5 }, today))).toMatchObject({
      code: 'INVALID_AMOUNT',
      details: [{ path: 'pricing.baseAmount' }],
    });
  });

  it('fills the derived fields from the parts', () => {
    expect(
      computeOrderPricing({
        baseAmount: 100_000,
        commission: 10_000,
        servicesAmount: 5_000,
        deliveryAmount: 20_000,
        vat: 20,
      }),
    ).toEqual({
      baseAmount: 100_000,
      commission: 10_000,
      servicesAmount: 5_000,
      deliveryAmount: 20_000,
      discountAmount: 0,
      subTotalAmount: 135_000,
      vat: 20,
      vatAmount: 27_000,
      totalAmount: 162_000,
    });
    expect(computeOrderPricing({ baseAmount: 1_985, vat: 10 })).toMatchObject({
      vatAmount: 199,
      totalAmount: 2_184,
    });
  });
});

describe('VAT rates', () => {
  it.each([
    [0, '2024-01-01', true],
    [1, '2024-01-01', true],
    [10, '2024-01-01', true],
    [20, '2024-01-01', true],
    [18, '2024-01-01', false],
    [8, '2023-07-10', false],
    [8, '2023-07-09', true],
    [18, '2020-01-01', true],
    [5, '2020-01-01', false],
  ])('%i%% on %s → %s', (vat, date, ok) => expect(isVatRateAllowed(vat, date)).toBe(ok));

  it('dates an order by its departure date, else by the day of the command in Türkiye', () => {
    expect(vatDateOf('2023-07-01', '2024-01-01T10:00:00Z')).toBe('2023-07-01');
    expect(vatDateOf(undefined, '2023-07-09T22:00:00Z')).toBe('2023-07-10');
  });
});

describe('load pricing: subTotal = base + postal', () => {
  const loadPricing = computeLoadPricing({ baseAmount: 10_000, postalServiceAmount: 1_000, vat: 20 });

  it('fills and accepts a block', () => {
    expect(loadPricing).toEqual({
      baseAmount: 10_000,
      postalServiceAmount: 1_000,
      subTotalAmount: 11_000,
      vat: 20,
      vatAmount: 2_200,
      totalAmount: 13_200,
    });
    expect(() => assertLoadPricing(loadPricing, today)).not.toThrow();
  });

  it('accepts the spec example (19.8 lira VAT) before 2023-07-10', () => {
    const example = {
      baseAmount: 10_000,
      postalServiceAmount: 1_000,
      subTotalAmount: 11_000,
      vat: 18,
      vatAmount: 1_980,
      totalAmount: 12_980,
    };
    expect(() => assertLoadPricing(example, { path: 'loads[0].pricing', date: '2023-01-01' })).not.toThrow();
  });

  it('names a wrong subtotal', () =>
    expect(
      errorOf(() =>
        assertLoadPricing(
          { ...loadPricing, subTotalAmount: 10_000 },
          { path: 'loads[0].pricing', date: '2024-01-01' },
        ),
      ).data,
    ).toMatchObject({
      field: 'loads[0].pricing.subTotalAmount',
    }));
});

describe('service pricing: vatAmount = percentOf(base × quantity, vat)', () => {
  it('fills and checks', () => {
    const service = computeServicePricing({ baseAmount: 10_000, quantity: 3, vat: 20 });
    expect(service).toEqual({
      baseAmount: 10_000,
      quantity: 3,
      vat: 20,
      vatAmount: 6_000,
      totalAmount: 36_000,
    });
    expect(() => assertServicePricing(service, today)).not.toThrow();
    expect(errorOf(() => assertServicePricing({ ...service, totalAmount: 12_000 }, today)).code).toBe(
      'PRICING_MISMATCH',
    );
  });

  it('needs a whole quantity above zero', () => {
    expect(errorOf(() => computeServicePricing({ baseAmount: 10_000, quantity: 0, vat: 20 }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'pricing.quantity' }],
    });
    expect(
      errorOf(() =>
        assertServicePricing({ baseAmount: 1, quantity: 1.5, vat: 20, vatAmount: 0, totalAmount: 2 }, today),
      ).code,
    ).toBe('VALIDATION_FAILED');
  });
});

describe('expense and income pricing: vatPrice = percentOf(unitPrice × quantity, vat)', () => {
  it('fills with holdingPrice 0 and TRY, and checks', () => {
    const block = computeLedgerPricing({ unitType: 'piece', unitPrice: 100_000, quantity: 2, vat: 20 });
    expect(block).toEqual({
      unitType: 'piece',
      unitPrice: 100_000,
      quantity: 2,
      vat: 20,
      vatPrice: 40_000,
      totalPrice: 240_000,
      holdingPrice: 0,
      currency: 'TRY',
    });
    expect(() => assertLedgerPricing(block, today)).not.toThrow();
    expect(errorOf(() => assertLedgerPricing({ ...block, vatPrice: 36_000 }, today)).data).toMatchObject({
      field: 'pricing.vatPrice',
    });
    expect(errorOf(() => assertLedgerPricing({ ...block, holdingPrice: -1 }, today)).code).toBe(
      'INVALID_AMOUNT',
    );
  });

  it('refuses a product beyond the safe range', () =>
    expect(
      errorOf(() =>
        computeLedgerPricing({ unitType: 'kg', unitPrice: Number.MAX_SAFE_INTEGER, quantity: 2, vat: 0 }),
      ).code,
    ).toBe('INVALID_AMOUNT'));
});
