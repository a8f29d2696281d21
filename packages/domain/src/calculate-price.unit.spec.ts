import { describe, expect, it } from 'vitest';
import {
  calculateOrderPrice,
  defaultPriceTable,
  desiOf,
  haversineKm,
  type PriceInput,
  type PriceTable,
} from './calculate-price.ts';
import { vehicleTypes } from './order/enums.ts';
import { DomainError } from './order/errors.ts';
import { assertOrderPricing } from './pricing.ts';

const istanbul = { latitude: 41.0082, longitude: 28.9784 };
const ankara = { latitude: 39.9334, longitude: 32.8597 };
const at = '2024-05-01T10:00:00Z';

const table: PriceTable = {
  ...defaultPriceTable,
  vehicles: { ...defaultPriceTable.vehicles, truck: { baseFee: 100_000, perKm: 1_000, perKg: 10 } },
  minimum: 50_000,
};

function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
  }
  throw new Error('expected a DomainError');
}

describe('distance and desi', () => {
  it('measures Istanbul → Ankara by haversine, to 0.1 km', () =>
    expect(haversineKm(istanbul, ankara)).toBe(349.4)); // 349.356 km (spherical law of cosines agrees)
  it('is 0 between a point and itself', () => expect(haversineKm(istanbul, istanbul)).toBe(0));

  it.each([
    [{ lengthCm: 60, widthCm: 40, heightCm: 50 }, 40],
    [{ lengthCm: 10, widthCm: 10, heightCm: 10 }, 0.34], // 0.3333… rounded up
    [{ lengthCm: 30, widthCm: 10, heightCm: 10 }, 1],
    [{ lengthCm: 0.1, widthCm: 0.1, heightCm: 0.1 }, 0.01],
    [{ lengthCm: 0, widthCm: 40, heightCm: 50 }, 0],
  ])('desi of %j is %d', (load, desi) => expect(desiOf(load)).toBe(desi));
});

describe('calculateOrderPrice', () => {
  const input: PriceInput = {
    origin: istanbul,
    destination: ankara,
    vehicleType: 'truck',
    weightKg: 1_500,
    vat: 20,
    at,
  };

  it('prices by distance and weight when no loads are given', () => {
    const estimate = calculateOrderPrice(input, table);
    // base 1000 TL + 1500 kg × 0.10 TL = 1150 TL; delivery 349.4 km × 10 TL = 3494 TL.
    expect(estimate).toMatchObject({ distanceKm: 349.4, desi: 0, chargeableWeightKg: 1_500 });
    expect(estimate.pricing).toMatchObject({
      baseAmount: 115_000,
      deliveryAmount: 349_400,
      servicesAmount: 0,
      subTotalAmount: 464_400,
      vatAmount: 92_880,
      totalAmount: 557_280,
      estAmount: 557_280,
    });
    expect(estimate.estimatedPrice).toBe(557_280);
    expect(() => assertOrderPricing(estimate.pricing, { path: 'pricing', date: '2024-05-01' })).not.toThrow();
  });

  it('charges the larger of weight and desi per piece, times the quantity', () => {
    const estimate = calculateOrderPrice(
      {
        ...input,
        weightKg: 9_999, // ignored when loads are given
        loads: [
          { lengthCm: 60, widthCm: 40, heightCm: 50, weightKg: 10, quantity: 2 }, // desi 40 > 10 kg → 80
          { lengthCm: 10, widthCm: 10, heightCm: 10, weightKg: 2.5, quantity: 3 }, // desi 0.34 < 2.5 kg → 7.5
        ],
      },
      table,
    );
    expect(estimate.desi).toBe(81.02);
    expect(estimate.chargeableWeightKg).toBe(87.5);
    expect(estimate.pricing.baseAmount).toBe(100_000 + 875);
  });

  it('adds each distinct service once and applies the minimum to base + delivery', () => {
    const nearby = { latitude: 41.0083, longitude: 28.9784 };
    const estimate = calculateOrderPrice(
      {
        origin: istanbul,
        destination: nearby,
        vehicleType: 'truck',
        services: ['insurance', 'insurance', 'small-box'],
        vat: 0,
        at,
      },
      table,
    );
    expect(estimate.distanceKm).toBe(0);
    expect(estimate.pricing).toMatchObject({
      baseAmount: 100_000,
      deliveryAmount: 0,
      servicesAmount: 26_500,
      totalAmount: 126_500,
    });
    const cheap = calculateOrderPrice(
      { ...input, vehicleType: 'bicycle', destination: nearby, weightKg: 1 },
      defaultPriceTable,
    );
    expect(cheap.pricing.baseAmount + cheap.pricing.deliveryAmount).toBe(defaultPriceTable.minimum);
  });

  it('refuses bad coordinates, loads, weight and time, naming each field', () => {
    const error = errorOf(() =>
      calculateOrderPrice(
        {
          ...input,
          origin: { latitude: 91, longitude: 28 },
          destination: { latitude: 39, longitude: 181 },
          weightKg: -1,
          at: 'yesterday',
          loads: [{ lengthCm: -1, widthCm: 1, heightCm: 1, weightKg: Number.NaN, quantity: 0 }],
        },
        table,
      ),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.map((detail) => detail.path)).toEqual([
      'origin.latitude',
      'destination.longitude',
      'at',
      'weightKg',
      'loads[0].lengthCm',
      'loads[0].weightKg',
      'loads[0].quantity',
    ]);
  });

  it('refuses a vehicle type without tariff and a VAT rate not in force', () => {
    const { truck: _truck, ...others } = table.vehicles;
    const partial = { ...table, vehicles: others as PriceTable['vehicles'] };
    expect(errorOf(() => calculateOrderPrice(input, partial)).details).toEqual([
      { path: 'vehicleType', reason: 'no tariff for this vehicle type' },
    ]);
    expect(errorOf(() => calculateOrderPrice({ ...input, vat: 18 }, table)).code).toBe('VAT_RATE_INVALID');
    expect(calculateOrderPrice({ ...input, vat: 18, at: '2023-01-01T00:00:00Z' }, table).pricing.vat).toBe(
      18,
    );
  });

  it('has a default tariff for every vehicle type', () => {
    for (const vehicleType of vehicleTypes) {
      expect(
        calculateOrderPrice({ ...input, vehicleType }, defaultPriceTable).estimatedPrice,
      ).toBeGreaterThan(0);
    }
  });
});
