const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A calendar date written YYYY-MM-DD (the spec's `departure_date`, `due_date`, …). */
export function isIsoDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

/** A time of day written HH:mm (the spec's `departure_hour`, `shipment_hour`). */
export function isHourMinute(value: string): boolean {
  return /^(?:[01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/** An ISO-8601 timestamp with a zone: 2024-01-15T08:00:00Z, 2024-01-15T11:00:00.123+03:00. */
export function isIsoDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const [, date = '', hour, minute, second = '0', zoneHour = '0', zoneMinute = '0'] = match;
  return (
    isIsoDate(date) &&
    Number(hour) < 24 &&
    Number(minute) < 60 &&
    Number(second) < 60 &&
    Number(zoneHour) < 24 &&
    Number(zoneMinute) < 60
  );
}

const ISTANBUL_OFFSET_MS = 3 * 60 * 60 * 1000;

/**
 * The calendar date (YYYY-MM-DD) of an ISO timestamp in Türkiye, which keeps UTC+3 all year
 * since 2016: 2023-07-09T22:30:00Z is already 2023-07-10 there.
 */
export function istanbulDateOf(at: string): string {
  return new Date(Date.parse(at) + ISTANBUL_OFFSET_MS).toISOString().slice(0, 10);
}
