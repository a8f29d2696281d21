import { describe, expect, it } from 'vitest';
import { containsPattern, escapeLike, foldTurkish, searchWords } from './fold.ts';

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
