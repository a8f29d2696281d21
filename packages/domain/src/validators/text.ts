/** The spec's limit on `receipt_number`. */
export const receiptNumberMaxLength = 51;

/** A receipt number is 1 to 51 characters. */
export function isValidReceiptNumber(value: string): boolean {
  const length = [...value].length;
  return length > 0 && length <= receiptNumberMaxLength;
}

/** A plausible e-mail address: something@domain.tld, without spaces. */
export function isValidEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

/** An ISO 4217 currency code: three capital letters (TRY, EUR, USD). */
export function isCurrencyCode(value: string): boolean {
  return /^[A-Z]{3}$/.test(value);
}

/** A payment card number: 12 to 19 digits (spaces allowed) passing the Luhn check. */
export function isValidCardNumber(value: string): boolean {
  const digits = value.replace(/ /g, '');
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  [...digits].toReversed().forEach((char, index) => {
    const digit = Number(char) * (index % 2 === 1 ? 2 : 1);
    sum += digit > 9 ? digit - 9 : digit;
  });
  return sum % 10 === 0;
}
