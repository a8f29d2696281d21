// Field checks that collect every problem of a command before one VALIDATION_FAILED is thrown.
import { validationFailed, type ErrorDetail } from './errors.ts';
import { isCurrencyCode } from '../validators/text.ts';
import { isHourMinute, isIsoDate } from '../validators/dates.ts';

/** The problems found so far in one command. */
export type Problems = ErrorDetail[];

/** Records `reason` at `path` unless `ok`. */
export function check(problems: Problems, ok: boolean, path: string, reason: string): void {
  if (!ok) problems.push({ path, reason });
}

/** Throws VALIDATION_FAILED naming every problem, if there is any. */
export function throwIfAny(problems: Problems): void {
  if (problems.length > 0) throw validationFailed(problems);
}

/** Runs `checks` on a fresh problem list and throws VALIDATION_FAILED if any failed. */
export function validate(checks: (problems: Problems) => void): void {
  const problems: Problems = [];
  checks(problems);
  throwIfAny(problems);
}

/** A non-blank string, when present. */
export function checkText(problems: Problems, value: string | undefined, path: string): void {
  if (value !== undefined) check(problems, value.trim().length > 0, path, 'must not be blank');
}

export function checkDate(problems: Problems, value: string | undefined, path: string): void {
  if (value !== undefined) check(problems, isIsoDate(value), path, 'expected a date YYYY-MM-DD');
}

export function checkHour(problems: Problems, value: string | undefined, path: string): void {
  if (value !== undefined) check(problems, isHourMinute(value), path, 'expected a time HH:mm');
}

export function checkCurrency(problems: Problems, value: string, path: string): void {
  check(problems, isCurrencyCode(value), path, 'expected a currency code such as TRY');
}

export function checkPositiveInteger(problems: Problems, value: number | undefined, path: string): void {
  if (value !== undefined) {
    check(problems, Number.isSafeInteger(value) && value > 0, path, 'must be a whole number above zero');
  }
}

export function checkNonNegative(problems: Problems, value: number | undefined, path: string): void {
  if (value !== undefined)
    check(problems, Number.isFinite(value) && value >= 0, path, 'must be zero or more');
}

/** `due` is not before `start` (both YYYY-MM-DD, when both are given and valid). */
export function checkNotBefore(
  problems: Problems,
  start: string | undefined,
  due: string | undefined,
  path: string,
): void {
  if (start !== undefined && due !== undefined && isIsoDate(start) && isIsoDate(due)) {
    check(problems, due >= start, path, `must not be before ${start}`);
  }
}
