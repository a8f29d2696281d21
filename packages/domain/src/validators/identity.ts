const digitsOf = (value: string): number[] => [...value].map(Number);

/**
 * T.C. Kimlik No: 11 digits, the first not 0; the 10th digit is
 * (7 × (d1+d3+d5+d7+d9) − (d2+d4+d6+d8)) mod 10 and the 11th is (d1+…+d10) mod 10.
 */
export function isValidTckn(value: string): boolean {
  if (!/^[1-9]\d{10}$/.test(value)) return false;
  const d = digitsOf(value);
  const odd = d[0]! + d[2]! + d[4]! + d[6]! + d[8]!;
  const even = d[1]! + d[3]! + d[5]! + d[7]!;
  const tenth = (((odd * 7 - even) % 10) + 10) % 10;
  const eleventh = d.slice(0, 10).reduce((sum, digit) => sum + digit, 0) % 10;
  return d[9] === tenth && d[10] === eleventh;
}

/**
 * Vergi Kimlik No (10 digits, the Revenue Administration's check digit): for each of the first nine
 * digits t = (digit + 9 − i) mod 10 and v = t × 2^(9 − i) mod 9 (9 when v is 0 but t is not);
 * the 10th digit is (10 − Σv mod 10) mod 10.
 */
export function isValidVkn(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const d = digitsOf(value);
  let sum = 0;
  for (let i = 0; i < 9; i += 1) {
    const t = (d[i]! + 9 - i) % 10;
    const v = (t * 2 ** (9 - i)) % 9;
    sum += t !== 0 && v === 0 ? 9 : v;
  }
  return (10 - (sum % 10)) % 10 === d[9];
}

/** An identity or tax number: 11 digits must be a valid TCKN, 10 digits a valid VKN. */
export function isValidIdentityOrTaxNo(value: string): boolean {
  return value.length === 11 ? isValidTckn(value) : isValidVkn(value);
}
