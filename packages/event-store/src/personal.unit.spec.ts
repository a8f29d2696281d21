import { describe, expect, it } from 'vitest';
import { decryptPersonal, encryptPersonal, newDataKey } from './personal.ts';

describe('personal data sealing (AES-256-GCM)', () => {
  const key = newDataKey();
  const personal = { name: 'Zeynep Çelik', phone: '+90 532 000 00 00' };

  it('round-trips with the stream key and hides the plaintext', () => {
    const sealed = encryptPersonal(key, 's-1', 'e-1', personal);
    expect(sealed.toString('utf8')).not.toContain('Zeynep');
    expect(decryptPersonal(key, 's-1', 'e-1', sealed)).toEqual(personal);
  });

  it('reads null without the key, with another key, or moved to another event', () => {
    const sealed = encryptPersonal(key, 's-1', 'e-1', personal);
    expect(decryptPersonal(null, 's-1', 'e-1', sealed)).toBeNull();
    expect(decryptPersonal(newDataKey(), 's-1', 'e-1', sealed)).toBeNull();
    expect(decryptPersonal(key, 's-1', 'e-2', sealed)).toBeNull();
  });

  it('uses a fresh IV each time', () => {
    expect(encryptPersonal(key, 's', 'e', personal).equals(encryptPersonal(key, 's', 'e', personal))).toBe(
      false,
    );
  });
});
