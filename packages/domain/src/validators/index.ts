export { isValidTckn, isValidVkn, isValidIdentityOrTaxNo } from './identity.ts';
export { normalizeTurkishMobile } from './phone.ts';
export {
  isValidReceiptNumber,
  receiptNumberMaxLength,
  isValidEmail,
  isCurrencyCode,
  isValidCardNumber,
} from './text.ts';
export { isValidLatitude, isValidLongitude } from './geo.ts';
export { isIsoDate, isHourMinute, isIsoDateTime, istanbulDateOf } from './dates.ts';
