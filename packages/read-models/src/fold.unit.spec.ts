import { describe, expect, it } from 'vitest';
import { containsPattern, escapeLike, foldTurkish, isUuid, searchTerms, searchWords } from './fold.ts';

describe('foldTurkish', () => {
  it('lower-cases by Turkish rules: İ → i and I → ı', () => {
    expect(foldTurkish('İSTANBUL')).toBe('istanbul');
    expect(foldTurkish('IRMAK')).toBe('ırmak');
    expect(foldTurkish('IŞIK Gıda')).toBe('ışık gıda');
    expect(foldTurkish('ÇAĞRI ÖZGÜR ŞÜKRÜ')).toBe('çağrı özgür şükrü');
  });

  it('keeps the dotless ı apart from i, as Turkish does', () => {
    expect(foldTurkish('ISTANBUL')).not.toBe(foldTurkish('İSTANBUL'));
    expect(foldTurkish('Irmak')).toBe(foldTurkish('ırmak'));
  });

  it('composes decomposed letters and collapses whitespace', () => {
    expect(foldTurkish('I\u0307stanbul')).toBe('istanbul');
    expect(foldTurkish('  Ali \t  Yılmaz ')).toBe('ali yılmaz');
  });
});

describe('search words', () => {
  it('splits and folds the words of a search', () => {
    expect(searchWords(' Ayşe  YILMAZ ')).toEqual(['ayşe', 'yılmaz']);
  });

  it('reduces a phone typed with spaces or a prefix to its national digits', () => {
    expect(searchWords('0532 123 45 67')).toEqual(['5321234567']);
    expect(searchWords('+90 (532) 123-45-67')).toEqual(['5321234567']);
  });

  it('escapes LIKE wildcards so that a user cannot match everything', () => {
    expect(escapeLike('100%_a\\')).toBe('100\\%\\_a\\\\');
    expect(containsPattern('%İ')).toBe('%\\%i%');
  });
});

describe('isUuid', () => {
  it('accepts a whole uuid in either case', () => {
    expect(isUuid('5f0c3c1e-9a4b-4c2d-8e7f-0a1b2c3d4e5f')).toBe(true);
    expect(isUuid('5F0C3C1E-9A4B-4C2D-8E7F-0A1B2C3D4E5F')).toBe(true);
    expect(isUuid('00000000-0000-0000-0000-000000000000')).toBe(true);
  });

  it('rejects a piece of a uuid, a longer text, other shapes and non-hex letters', () => {
    for (const text of [
      '',
      '5f0c3c1e',
      '5f0c3c1e-9a4b',
      '5f0c3c1e-9a4b-4c2d-8e7f-0a1b2c3d4e5',
      '5f0c3c1e-9a4b-4c2d-8e7f-0a1b2c3d4e5f0',
      ' 5f0c3c1e-9a4b-4c2d-8e7f-0a1b2c3d4e5f',
      'x5f0c3c1e-9a4b-4c2d-8e7f-0a1b2c3d4e5f',
      '{5f0c3c1e-9a4b-4c2d-8e7f-0a1b2c3d4e5f}',
      '5f0c3c1e9a4b4c2d8e7f0a1b2c3d4e5f',
      '5f0c3c1e-9a4b-4c2d-8e7f-0a1b2c3d4e5g',
      '5f0c3c1e_9a4b_4c2d_8e7f_0a1b2c3d4e5f',
    ])
      expect(isUuid(text), text).toBe(false);
  });
});

describe('searchTerms', () => {
  const id = '5F0C3C1E-9A4B-4C2D-8E7F-0A1B2C3D4E5F';
  const other = '6a1d4d2f-0b5c-4d3e-9f80-1b2c3d4e5f60';

  it('takes uuids out as whole ids (lower-cased), the rest as folded words', () => {
    expect(searchTerms(`Ayşe ${id} YILMAZ`)).toEqual({ ids: [id.toLowerCase()], words: ['ayşe', 'yılmaz'] });
    expect(searchTerms(`  ${other}\t${id}  `)).toEqual({ ids: [other, id.toLowerCase()], words: [] });
  });

  it('a piece of an id is a word like any other: ids match whole only', () => {
    expect(searchTerms('5f0c3c1e-9a4b')).toEqual({ ids: [], words: ['5f0c3c1e-9a4b'] });
    expect(searchTerms(id.slice(0, 8))).toEqual({ ids: [], words: ['5f0c3c1e'] });
    expect(searchTerms(`${id}x`)).toEqual({ ids: [], words: [`${id.toLowerCase()}x`] });
  });

  it('the same id twice is one id; at most 8 ids and 8 words', () => {
    expect(searchTerms(`${id} ${id.toLowerCase()}`).ids).toEqual([id.toLowerCase()]);
    const ids = Array.from(
      { length: 10 },
      (_, i) => `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
    );
    const words = Array.from({ length: 10 }, (_, i) => `w${i}`);
    const terms = searchTerms([...ids, ...words].join(' '));
    expect(terms.ids).toEqual(ids.slice(0, 8));
    expect(terms.words).toEqual(words.slice(0, 8));
  });

  it('an all-digit uuid is an id, not a phone; a phone beside no id is still a phone', () => {
    expect(searchTerms('12345678-1234-4234-9234-123456789012')).toEqual({
      ids: ['12345678-1234-4234-9234-123456789012'],
      words: [],
    });
    expect(searchTerms('0532 123 45 67')).toEqual({ ids: [], words: ['5321234567'] });
    expect(searchTerms(`${id} 0532 123 45 67`)).toEqual({ ids: [id.toLowerCase()], words: ['5321234567'] });
  });

  it('an empty or blank text has no terms', () => {
    expect(searchTerms('')).toEqual({ ids: [], words: [] });
    expect(searchTerms('   ')).toEqual({ ids: [], words: [] });
  });
});
