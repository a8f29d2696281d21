import { createHash, timingSafeEqual } from 'node:crypto';

/** The fields of a Paynkolay-style callback that the v2 hash covers, in order. */
export const hashedFields = [
  'MERCHANT_NO',
  'REFERENCE_CODE',
  'AUTH_CODE',
  'RESPONSE_CODE',
  'USE_3D',
  'RND',
  'INSTALLMENT',
  'AUTHORIZATION_AMOUNT',
  'CURRENCY_CODE',
] as const;

/**
 * hashDataV2 = Base64(SHA-512(UTF-8 of MERCHANT_NO|REFERENCE_CODE|AUTH_CODE|RESPONSE_CODE|USE_3D|
 * RND|INSTALLMENT|AUTHORIZATION_AMOUNT|CURRENCY_CODE|merchant secret)). Absent fields hash as "".
 */
export function posHashV2(
  fields: Readonly<Record<string, string | undefined>>,
  merchantSecret: string,
): string {
  const text = [...hashedFields.map((name) => fields[name] ?? ''), merchantSecret].join('|');
  return createHash('sha512').update(text, 'utf8').digest('base64');
}

/** True when `fields.hashDataV2` is the hash of the fields under `merchantSecret`; compared in constant time. */
export function verifyPosHashV2(
  fields: Readonly<Record<string, string | undefined>>,
  merchantSecret: string,
): boolean {
  const given = Buffer.from(fields['hashDataV2'] ?? '', 'base64');
  const expected = Buffer.from(posHashV2(fields, merchantSecret), 'base64');
  // Both are SHA-512 digests when well-formed; a wrong length is refused without a timing difference
  // that matters (the length of the expected digest is public).
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}

/** Paynkolay signals an approved payment with RESPONSE_CODE "2". */
export const isPosSuccess = (fields: Readonly<Record<string, string | undefined>>): boolean =>
  fields['RESPONSE_CODE'] === '2';
