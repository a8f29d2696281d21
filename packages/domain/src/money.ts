import { DomainError } from './order/errors.ts';

/**
 * Money inside the domain: an integer number of kuruş (1 lira = 100 kuruş), always a safe
 * integer, never a float. Amounts in another currency are its minor units (cents).
 */
export type Kurus = number;

const LIRA = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

function invalidAmount(path: string, reason: string, value: unknown): DomainError {
  return new DomainError('INVALID_AMOUNT', `${path}: ${reason}`, [{ path, reason }], { value });
}

export interface AmountOptions {
  /** Accept amounts below zero (refunds, corrections). Default false. */
  allowNegative?: boolean;
  /** The field the amount came from, for the error's details. Default `amount`. */
  path?: string;
}

/**
 * Parses a lira amount ("1593", "1593.5", "1593.50", 19.8) into kuruş. Throws INVALID_AMOUNT for
 * more than two decimals, exponent notation, NaN, infinities, unsafe sizes and (unless allowed)
 * negative amounts.
 */
export function parseLira(input: string | number, options: AmountOptions = {}): Kurus {
  const path = options.path ?? 'amount';
  const match = LIRA.exec(String(input));
  if (!match) throw invalidAmount(path, 'expected lira with at most two decimals', input);
  const [, sign, whole = '', fraction = ''] = match;
  const magnitude = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(magnitude)) throw invalidAmount(path, 'amount too large', input);
  if (sign === '-' && magnitude !== 0) {
    if (options.allowNegative !== true) throw invalidAmount(path, 'must not be negative', input);
    return -magnitude;
  }
  return magnitude;
}

/** Formats kuruş as lira with two decimals: 159300 → "1593.00", -5 → "-0.05". */
export function formatLira(kurus: Kurus): string {
  assertKurus(kurus, { allowNegative: true });
  const magnitude = Math.abs(kurus);
  const text = `${Math.trunc(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}`;
  return kurus < 0 ? `-${text}` : text;
}

/** Throws INVALID_AMOUNT unless `value` is a safe integer number of kuruş (non-negative unless allowed). */
export function assertKurus(value: unknown, options: AmountOptions = {}): asserts value is Kurus {
  const path = options.path ?? 'amount';
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw invalidAmount(path, 'expected a whole number of kuruş', value);
  }
  if (value < 0 && options.allowNegative !== true) throw invalidAmount(path, 'must not be negative', value);
}

/**
 * `ratePercent` percent of `amount`, rounded half up (away from zero) to a whole kuruş:
 * percentOf(1985, 10) = 199 (198.5 → 199), percentOf(-1985, 10) = -199. Exact for any rate
 * written with a finite decimal expansion; the only rounding step is the final one.
 */
export function percentOf(amount: Kurus, ratePercent: number): Kurus {
  assertKurus(amount, { allowNegative: true });
  const rate = DECIMAL.exec(String(ratePercent));
  if (!rate) throw invalidAmount('ratePercent', 'expected a finite decimal rate', ratePercent);
  const [, sign, whole = '', fraction = ''] = rate;
  const rateUnits = BigInt(`${sign}${whole}${fraction}`);
  const denominator = 100n * 10n ** BigInt(fraction.length);
  const numerator = BigInt(amount) * rateUnits;
  const magnitude = numerator < 0n ? -numerator : numerator;
  const rounded = (magnitude * 2n + denominator) / (2n * denominator);
  const result = Number(numerator < 0n ? -rounded : rounded);
  if (!Number.isSafeInteger(result)) throw invalidAmount('ratePercent', 'result too large', ratePercent);
  return result;
}

/** unitPrice × quantity in kuruş; throws INVALID_AMOUNT when the product is not a safe integer. */
export function multiplyKurus(unitPrice: Kurus, quantity: number, path = 'amount'): Kurus {
  const product = unitPrice * quantity;
  if (!Number.isSafeInteger(product)) throw invalidAmount(path, 'amount too large', product);
  return product;
}
