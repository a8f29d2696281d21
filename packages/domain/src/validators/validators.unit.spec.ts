import { describe, expect, it } from 'vitest';
import {
  isCurrencyCode,
  isHourMinute,
  isIsoDate,
  isIsoDateTime,
  isValidCardNumber,
  isValidEmail,
  isValidIdentityOrTaxNo,
  isValidLatitude,
  isValidLongitude,
  isValidReceiptNumber,
  isValidTckn,
  isValidVkn,
  istanbulDateOf,
  normalizeTurkishMobile,
} from './index.ts';

describe('isValidTckn', () => {
  it('accepts 10000000146', () => expect(isValidTckn('10000000146')).toBe(true));
  it('refuses 10000000147 (wrong 11th digit)', () => expect(isValidTckn('10000000147')).toBe(false));
  it('refuses a wrong 10th digit', () => expect(isValidTckn('10000000156')).toBe(false));
  it.each(['00000000146', '1000000014', '100000001460', '1000000014a', ''])('refuses %j', (value) =>
    expect(isValidTckn(value)).toBe(false),
  );
  it('accepts other valid numbers', () => {
    expect(isValidTckn('12345678950')).toBe(true);
    expect(isValidTckn('11111111110')).toBe(true);
  });
});

describe('isValidVkn', () => {
  it('accepts 4540536920', () => expect(isValidVkn('4540536920')).toBe(true));
  it('refuses 4540536921', () => expect(isValidVkn('4540536921')).toBe(false));
  it('counts 9, not 0, for a digit whose term is a multiple of 9', () => {
    // Every digit of 0123456789 gives t = 9 and t × 2^k mod 9 = 0, so each counts 9 (Σ 81 → check 9).
    expect(isValidVkn('0123456789')).toBe(true);
    expect(isValidVkn('0000000001')).toBe(true);
    expect(isValidVkn('0000000000')).toBe(false);
  });
  it.each(['454053692', '45405369200', '454053692a'])('refuses %j', (value) =>
    expect(isValidVkn(value)).toBe(false),
  );
  it('tells identity numbers by their length', () => {
    expect(isValidIdentityOrTaxNo('10000000146')).toBe(true);
    expect(isValidIdentityOrTaxNo('4540536920')).toBe(true);
    expect(isValidIdentityOrTaxNo('12345')).toBe(false);
  });
});

describe('normalizeTurkishMobile', () => {
  it.each([
    '5551234567',
    '05551234567',
    '905551234567',
    '+905551234567',
    '+90 555 123 45 67',
    '+90 (555) 123-45-67',
    '0 (555) 123 45 67',
    '0555-123-45-67',
  ])('normalises %j', (input) => expect(normalizeTurkishMobile(input)).toBe('+905551234567'));

  it.each([
    '2121234567',
    '02121234567',
    '555123456',
    '55512345678',
    '+15551234567',
    '0090 555 123 45 67',
    'abc',
    '',
  ])('refuses %j', (input) => expect(normalizeTurkishMobile(input)).toBeNull());
});

describe('text validators', () => {
  it('limits receipt numbers to 1–51 characters', () => {
    expect(isValidReceiptNumber('R'.repeat(51))).toBe(true);
    expect(isValidReceiptNumber('Ş'.repeat(51))).toBe(true);
    expect(isValidReceiptNumber('R'.repeat(52))).toBe(false);
    expect(isValidReceiptNumber('')).toBe(false);
  });
  it('checks e-mail addresses loosely', () => {
    expect(isValidEmail('ali@email.com')).toBe(true);
    expect(isValidEmail('ali@email')).toBe(false);
    expect(isValidEmail('ali yilmaz@email.com')).toBe(false);
  });
  it('checks currency codes', () => {
    expect(isCurrencyCode('TRY')).toBe(true);
    expect(isCurrencyCode('try')).toBe(false);
    expect(isCurrencyCode('TL')).toBe(false);
  });
  it('checks card numbers with Luhn', () => {
    expect(isValidCardNumber('4111111111111111')).toBe(true);
    expect(isValidCardNumber('4111 1111 1111 1111')).toBe(true);
    expect(isValidCardNumber('5555555555554444')).toBe(true);
    expect(isValidCardNumber('4111111111111112')).toBe(false);
    expect(isValidCardNumber('41111')).toBe(false);
  });
});

describe('coordinates', () => {
  it.each([
    [41.0082, true],
    [-90, true],
    [90, true],
    [90.0001, false],
    [Number.NaN, false],
  ])('latitude %d → %s', (value, ok) => expect(isValidLatitude(value)).toBe(ok));
  it.each([
    [28.9784, true],
    [-180, true],
    [180, true],
    [-180.1, false],
    [Number.POSITIVE_INFINITY, false],
  ])('longitude %d → %s', (value, ok) => expect(isValidLongitude(value)).toBe(ok));
});

describe('dates', () => {
  it.each([
    ['2024-01-01', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2024-04-31', false],
    ['2024-12-31', true],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-01-00', false],
    ['24-01-01', false],
  ])('date %s → %s', (value, ok) => expect(isIsoDate(value)).toBe(ok));

  it.each([
    ['08:00', true],
    ['23:59', true],
    ['24:00', false],
    ['8:00', false],
  ])('hour %s → %s', (value, ok) => expect(isHourMinute(value)).toBe(ok));

  it.each([
    ['2024-01-15T08:00:00Z', true],
    ['2024-01-15T08:00Z', true],
    ['2024-01-15T08:00:00.123+03:00', true],
    ['2024-01-15T08:00:00', false],
    ['2024-01-15 08:00:00Z', false],
    ['2024-02-30T08:00:00Z', false],
    ['2024-01-15T24:00:00Z', false],
    ['2024-01-15T08:60:00Z', false],
    ['2024-01-15T08:00:60Z', false],
    ['2024-01-15T08:00:00+24:00', false],
    ['2024-01-15T08:00:00+03:60', false],
  ])('timestamp %s → %s', (value, ok) => expect(isIsoDateTime(value)).toBe(ok));

  it('gives the calendar date in Türkiye (UTC+3)', () => {
    expect(istanbulDateOf('2023-07-09T20:59:59Z')).toBe('2023-07-09');
    expect(istanbulDateOf('2023-07-09T21:00:00Z')).toBe('2023-07-10');
    expect(istanbulDateOf('2023-07-10T01:00:00+03:00')).toBe('2023-07-10');
  });
});
