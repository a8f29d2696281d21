import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isPosSuccess, posHashV2, verifyPosHashV2 } from './pos-hash.ts';

// Vectors computed outside this project (shared/vectors beside the repository), so the
// implementation cannot agree only with itself.
const vectorsPath = resolve(
  fileURLToPath(import.meta.url),
  '../../../../../../shared/vectors/paynkolay-callback.json',
);

const vectorsSchema = z.object({
  merchantSecret: z.string(),
  cases: z.array(
    z.object({
      name: z.string(),
      fields: z.record(z.string(), z.string()),
      hashValid: z.boolean(),
      success: z.boolean().optional(),
    }),
  ),
});

describe('Paynkolay v2 callback hash', () => {
  if (!existsSync(vectorsPath)) {
    throw new Error(
      `The callback vectors are missing at ${vectorsPath}; the repository expects shared/ beside it.`,
    );
  }
  const vectors = vectorsSchema.parse(JSON.parse(readFileSync(vectorsPath, 'utf8')));

  it('has vectors for valid and refused callbacks', () => {
    expect(vectors.cases.filter((c) => c.hashValid).length).toBeGreaterThan(0);
    expect(vectors.cases.filter((c) => !c.hashValid).length).toBeGreaterThan(0);
  });

  for (const vector of vectors.cases) {
    it(`${vector.hashValid ? 'accepts' : 'refuses'}: ${vector.name}`, () => {
      expect(verifyPosHashV2(vector.fields, vectors.merchantSecret)).toBe(vector.hashValid);
    });
  }

  for (const vector of vectors.cases.filter((c) => c.hashValid && c.success !== undefined)) {
    it(`reads ${vector.success ? 'success' : 'failure'} from RESPONSE_CODE: ${vector.name}`, () => {
      expect(isPosSuccess(vector.fields)).toBe(vector.success);
    });
  }

  it('refuses every callback under another merchant secret', () => {
    for (const vector of vectors.cases) {
      expect(verifyPosHashV2(vector.fields, `${vectors.merchantSecret}x`)).toBe(false);
    }
  });

  it('refuses a missing or malformed hash without throwing', () => {
    const fields = vectors.cases[0]!.fields;
    expect(verifyPosHashV2({ ...fields, hashDataV2: '' }, vectors.merchantSecret)).toBe(false);
    expect(verifyPosHashV2({ ...fields, hashDataV2: 'not base64 at all' }, vectors.merchantSecret)).toBe(
      false,
    );
    expect(posHashV2(fields, vectors.merchantSecret)).toBe(fields['hashDataV2']);
  });
});
