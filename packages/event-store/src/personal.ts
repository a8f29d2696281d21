import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Binds a ciphertext to its event, so it cannot be moved to another event and still decrypt. */
function aad(streamId: string, eventId: string): Buffer {
  return Buffer.from(`${streamId}\u0000${eventId}`, 'utf8');
}

export function newDataKey(): Buffer {
  return randomBytes(32);
}

/** AES-256-GCM: iv (12 bytes) ‖ tag (16 bytes) ‖ ciphertext of the JSON text. */
export function encryptPersonal(
  key: Buffer,
  streamId: string,
  eventId: string,
  personal: Record<string, unknown>,
): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(streamId, eventId));
  const body = Buffer.concat([cipher.update(JSON.stringify(personal), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** The personal data, or `null` when the key is gone (forgotten) or is not the one it was sealed with. */
export function decryptPersonal(
  key: Buffer | null,
  streamId: string,
  eventId: string,
  sealed: Buffer,
): Record<string, unknown> | null {
  if (!key) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(aad(streamId, eventId));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const text = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return JSON.parse(text.toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}
