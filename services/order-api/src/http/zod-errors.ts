import type { ApiError } from '@orders/contracts';

interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  keys?: readonly string[];
}

const pathText = (path: readonly PropertyKey[]) =>
  path
    .map((segment) => (typeof segment === 'number' ? `[${segment}]` : String(segment)))
    .join('.')
    .replaceAll('.[', '[');

/**
 * zod issues as the spec's error details, one per offending field, prefixed by where
 * the field was (body, query, params, headers). Unknown keys are named one by one.
 */
export function issuesToDetails(where: string, issues: readonly IssueLike[]): ApiError['details'] {
  return issues.flatMap((issue) => {
    const base = pathText(issue.path);
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((key) => ({
        path: [where, base, key].filter(Boolean).join('.'),
        reason: 'unknown field',
      }));
    }
    return [{ path: [where, base].filter(Boolean).join('.'), reason: issue.message }];
  });
}
