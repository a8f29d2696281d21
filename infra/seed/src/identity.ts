// Turkish identity and contact numbers that pass the domain's checksums (packages/domain validators).
import type { Random } from './random.ts';

/** A T.C. Kimlik No: 11 digits, the first not 0, with both check digits. */
export function tckn(random: Random): string {
  const d = [random.int(1, 9), ...Array.from({ length: 8 }, () => random.int(0, 9))];
  const odd = d[0]! + d[2]! + d[4]! + d[6]! + d[8]!;
  const even = d[1]! + d[3]! + d[5]! + d[7]!;
  d.push((((odd * 7 - even) % 10) + 10) % 10);
  d.push(d.reduce((sum, digit) => sum + digit, 0) % 10);
  return d.join('');
}

/** A Vergi Kimlik No: nine digits and the Revenue Administration's check digit. */
export function vkn(random: Random): string {
  const d = [random.int(1, 9), ...Array.from({ length: 8 }, () => random.int(0, 9))];
  let sum = 0;
  d.forEach((digit, i) => {
    const t = (digit + 9 - i) % 10;
    const v = (t * 2 ** (9 - i)) % 9;
    sum += t !== 0 && v === 0 ? 9 : v;
  });
  return `${d.join('')}${(10 - (sum % 10)) % 10}`;
}

/** Operator prefixes of Turkish mobile lines (Türk Telekom 50x/55x, Turkcell 53x, Vodafone 54x). */
const mobilePrefixes = [
  '501',
  '505',
  '506',
  '507',
  '530',
  '531',
  '532',
  '533',
  '534',
  '535',
  '536',
  '537',
  '538',
  '539',
  '541',
  '542',
  '543',
  '544',
  '545',
  '546',
  '549',
  '551',
  '552',
  '553',
  '554',
  '555',
  '559',
] as const;

/** A Turkish mobile number as the API stores it: `+905XXXXXXXXX`. */
export function mobile(random: Random): string {
  return `+90${random.pick(mobilePrefixes)}${random.int(1, 9)}${random.digits(6)}`;
}

/** A card number with a valid Luhn digit, on a Turkish bank's BIN range (test data only: no such card). */
export function cardNumber(random: Random): string {
  const bin = random.pick(['454360', '540667', '552879', '979204', '402277', '489478']);
  const body = `${bin}${random.digits(9)}`;
  let sum = 0;
  [...body].toReversed().forEach((char, index) => {
    const digit = Number(char) * (index % 2 === 0 ? 2 : 1);
    sum += digit > 9 ? digit - 9 : digit;
  });
  return `${body}${(10 - (sum % 10)) % 10}`;
}
