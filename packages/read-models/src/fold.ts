// Turkish-aware case folding for search: the projector folds what it stores, the API folds what
// a user types, with this one function, so `IRMAK` finds `ırmak` and `İstanbul` finds `istanbul`.

/**
 * Lower-cases `text` by Turkish rules (`İ` → `i`, `I` → `ı`), composes it (NFC), and collapses
 * runs of whitespace to one space. `I` never becomes `i`: Turkish keeps the dotless letter.
 */
export function foldTurkish(text: string): string {
  // With İ and I mapped first, the plain lower-casing is the Turkish one for every other letter,
  // and much cheaper than a locale-aware call (the projector folds every name it stores).
  const composed = combiningMarks.test(text) ? text.normalize('NFC') : text;
  return composed.replaceAll('İ', 'i').replaceAll('I', 'ı').toLowerCase().replace(/\s+/g, ' ').trim();
}

const combiningMarks = /[\u0300-\u036f]/;

/** Escapes LIKE's wildcards (`%`, `_`) and its escape character in a user's text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `%folded%`, the LIKE pattern of a contains-match on a folded column. */
export function containsPattern(text: string): string {
  return `%${escapeLike(foldTurkish(text))}%`;
}

const phoneLike = /^[+\d\s().-]{7,}$/;

/**
 * The words of a search text, folded; each must occur in the searched column. A phone typed
 * the way people write it (`0532 123 45 67`, `+90 532…`) becomes its national digits
 * (`5321234567`), which is how the stored `+905321234567` contains it.
 */
export function searchWords(text: string): string[] {
  const trimmed = text.trim();
  if (phoneLike.test(trimmed)) {
    const digits = trimmed.replace(/\D/g, '');
    if (digits.length >= 7) return [digits.replace(/^(90|0)(?=5\d{9}$)/, '')];
  }
  return foldTurkish(trimmed)
    .split(' ')
    .filter((word) => word.length > 0)
    .slice(0, 8);
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `text` is a uuid (any case). */
export function isUuid(text: string): boolean {
  return uuidPattern.test(text);
}

/**
 * A search text split into whole ids and words: a token that is a uuid is an id (lower-cased),
 * matched by equality against the id arrays; the other tokens are the words of `searchWords`,
 * matched as contained text. Ids are taken first, so an all-digit uuid is never read as a phone.
 */
export function searchTerms(text: string): { ids: string[]; words: string[] } {
  const ids = new Set<string>();
  const rest: string[] = [];
  for (const token of text.trim().split(/\s+/)) {
    if (isUuid(token)) ids.add(token.toLowerCase());
    else if (token !== '') rest.push(token);
  }
  return { ids: [...ids].slice(0, 8), words: searchWords(rest.join(' ')) };
}
