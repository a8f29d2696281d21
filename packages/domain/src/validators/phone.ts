const MOBILE = /^(?:\+90|90|0)?(5\d{9})$/;

/**
 * A Turkish mobile number in any common spelling — 5XXXXXXXXX, 05XXXXXXXXX, 905XXXXXXXXX,
 * +90 5XX XXX XX XX, with spaces, dashes or parentheses — as `+905XXXXXXXXX`; anything else null.
 */
export function normalizeTurkishMobile(input: string): string | null {
  const match = MOBILE.exec(input.replace(/[\s()-]/g, ''));
  return match ? `+90${match[1]}` : null;
}
