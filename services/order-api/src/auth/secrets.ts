import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// Client secrets are stored as scrypt hashes: scrypt$N$r$p$<salt b64>$<hash b64>.
const N = 16_384;
const r = 8;
const p = 1;
const keyLength = 32;

function derive(secret: string, salt: Buffer, n: number, rr: number, pp: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, keyLength, { N: n, r: rr, p: pp, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, N, r, p);
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time check of `secret` against a stored hash; a malformed hash never matches. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, rr, pp] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  const actual = await derive(secret, salt, n, rr, pp);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A new client secret: 32 random bytes, base64url. */
export const generateSecret = (): string => randomBytes(32).toString('base64url');
