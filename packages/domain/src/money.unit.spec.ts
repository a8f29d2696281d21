import { describe, expect, it } from 'vitest';
import { assertKurus, formatLira, multiplyKurus, parseLira, percentOf } from './money.ts';
import { DomainError } from './order/errors.ts';

const code = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return undefined;
};

describe('parseLira', () => {
  it.each([
    ['1593', 159_300],
    ['1593.5', 159_350],
    ['1593.50', 159_350],
    ['0.05', 5],
    ['0', 0],
    [19.8, 1_980],
    [129.8, 12_980],
    [1593, 159_300],
    ['-0', 0],
  ] as const)('reads %j as %i kuruş', (input, kurus) => expect(parseLira(input)).toBe(kurus));

  it.each(['1593.505', '1,5', '1e3', '', ' 1', '.5', '1.', 'NaN', 'abc', '+1'])('refuses %j', (input) =>
    expect(code(() => parseLira(input))).toBe('INVALID_AMOUNT'),
  );

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 0.1 + 0.2, 1e21, 1.005])('refuses the number %d', (input) =>
    expect(code(() => parseLira(input))).toBe('INVALID_AMOUNT'),
  );

  it('refuses negative amounts unless allowed, naming the field', () => {
    expect(() => parseLira('-12.30', { path: 'pricing.discountAmount' })).toThrowError(
      expect.objectContaining({
        code: 'INVALID_AMOUNT',
        details: [expect.objectContaining({ path: 'pricing.discountAmount' })],
      }),
    );
    expect(parseLira('-12.30', { allowNegative: true })).toBe(-1_230);
  });

  it('refuses amounts beyond the safe integer range', () =>
    expect(code(() => parseLira('900719925474099.92'))).toBe('INVALID_AMOUNT'));
});

describe('formatLira', () => {
  it.each([
    [159_300, '1593.00'],
    [159_350, '1593.50'],
    [5, '0.05'],
    [0, '0.00'],
    [-5, '-0.05'],
    [-123_456, '-1234.56'],
  ])('writes %i kuruş as %s', (kurus, text) => expect(formatLira(kurus)).toBe(text));

  it('round-trips with parseLira', () => expect(parseLira(formatLira(987_654_321))).toBe(987_654_321));

  it('refuses fractions of a kuruş', () => expect(code(() => formatLira(1.5))).toBe('INVALID_AMOUNT'));
});

describe('percentOf rounds half up, away from zero, on whole kuruş', () => {
  it.each([
    [135_000, 18, 24_300],
    [11_000, 18, 1_980],
    [1_985, 10, 199], // 198.5 → 199
    [1_984, 10, 198], // 198.4 → 198
    [-1_985, 10, -199], // away from zero
    [-1_984, 10, -198],
    [5, 10, 1], // 0.5 → 1
    [4, 10, 0],
    [-4, 10, 0],
    [100_000, 0, 0],
    [333, 12.5, 42], // 41.625 → 42
    [1, 0.5, 0], // 0.005 → 0
    [100, 0.5, 1], // 0.5 → 1
  ])('%i × %d%% = %i', (amount, rate, expected) => expect(percentOf(amount, rate)).toBe(expected));

  it('is exact where floating point would not be', () => {
    // 1.15 × 1005 = 1155.75 in floats is 1155.7499999…; the rule still rounds the true value.
    expect(percentOf(1_005, 115)).toBe(1_156);
  });

  it('refuses a non-decimal rate, a fractional amount and a result out of range', () => {
    expect(code(() => percentOf(100, Number.NaN))).toBe('INVALID_AMOUNT');
    expect(code(() => percentOf(100, 1e-7))).toBe('INVALID_AMOUNT');
    expect(code(() => percentOf(10.5, 10))).toBe('INVALID_AMOUNT');
    expect(code(() => percentOf(Number.MAX_SAFE_INTEGER, 200))).toBe('INVALID_AMOUNT');
  });
});

describe('assertKurus and multiplyKurus', () => {
  it('accepts safe integers, and negatives only when allowed', () => {
    expect(code(() => assertKurus(0))).toBeUndefined();
    expect(code(() => assertKurus('12'))).toBe('INVALID_AMOUNT');
    expect(code(() => assertKurus(-1))).toBe('INVALID_AMOUNT');
    expect(code(() => assertKurus(-1, { allowNegative: true }))).toBeUndefined();
  });

  it('multiplies within the safe range only', () => {
    expect(multiplyKurus(1_250, 3)).toBe(3_750);
    expect(code(() => multiplyKurus(Number.MAX_SAFE_INTEGER, 2))).toBe('INVALID_AMOUNT');
  });
});
