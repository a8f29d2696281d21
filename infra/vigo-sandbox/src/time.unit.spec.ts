import { describe, expect, it } from 'vitest';
import { formatVigoDate } from './time.ts';
import { vigoDatePattern } from './contract.ts';

describe('formatVigoDate', () => {
  it('writes DD-MM-YYYY HH:mm:ss in Istanbul time (UTC+3)', () => {
    expect(formatVigoDate(new Date('2022-05-12T13:23:54.632Z'))).toBe('12-05-2022 16:23:54');
  });

  it('rolls over to the next day past 21:00 UTC and uses 00, not 24, for midnight', () => {
    expect(formatVigoDate(new Date('2022-12-31T21:00:00.000Z'))).toBe('01-01-2023 00:00:00');
  });

  it('honours another zone', () => {
    expect(formatVigoDate(new Date('2022-05-12T13:23:54Z'), 'UTC')).toBe('12-05-2022 13:23:54');
  });

  it('matches the pattern the callback schemas check', () => {
    expect(formatVigoDate(new Date())).toMatch(vigoDatePattern);
    expect('2022-05-12 16:23:54').not.toMatch(vigoDatePattern);
  });
});
