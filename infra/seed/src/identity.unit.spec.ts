import { isValidCardNumber, isValidTckn, isValidVkn, normalizeTurkishMobile } from '@orders/domain';
import { describe, expect, it } from 'vitest';
import { cardNumber, mobile, tckn, vkn } from './identity.ts';
import { emailLocalPart } from './people.ts';
import { Random } from './random.ts';

const random = new Random('identity');
const many = <T>(make: () => T) => Array.from({ length: 2000 }, make);
const seq = (r: Random) => Array.from({ length: 5 }, () => r.int(0, 1_000_000));

describe('identity numbers', () => {
  it('makes TCKNs and VKNs that pass the domain checksums', () => {
    for (const value of many(() => tckn(random))) expect(isValidTckn(value), value).toBe(true);
    for (const value of many(() => vkn(random))) expect(isValidVkn(value), value).toBe(true);
  });

  it('makes +905 mobile numbers the domain keeps as they are, and Luhn-valid card numbers', () => {
    for (const value of many(() => mobile(random))) expect(normalizeTurkishMobile(value)).toBe(value);
    for (const value of many(() => cardNumber(random))) expect(isValidCardNumber(value), value).toBe(true);
  });

  it('folds Turkish letters for e-mail addresses', () => {
    expect(emailLocalPart('Işık Öztürk')).toBe('isik.ozturk');
    expect(emailLocalPart('İpek Çağla Gündoğdu')).toBe('ipek.cagla.gundogdu');
  });
});

describe('the random source', () => {
  it('repeats with its seed and differs with another', () => {
    const a = new Random('s');
    const b = new Random('s');
    const c = new Random('t');
    expect(seq(a)).toEqual(seq(b));
    expect(seq(new Random('s'))).not.toEqual(seq(c));
    expect(new Random('u').uuid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
