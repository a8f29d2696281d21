import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** `['products', 0, 'amount']` → `products[0].amount`; the root is `body`. */
export function fieldName(path: readonly PropertyKey[]): string {
  let name = '';
  for (const part of path) {
    if (typeof part === 'number') name += `[${part}]`;
    else name += name === '' ? String(part) : `.${String(part)}`;
  }
  return name === '' ? 'body' : name;
}

// How far a union branch is from the input: an unknown key counts once per key, so the
// branch the caller evidently meant (fewest surprises) is the one reported.
function distance(issues: readonly Issue[]): number {
  return issues.reduce((sum, issue) => sum + (issue.code === 'unrecognized_keys' ? issue.keys.length : 1), 0);
}

function flatten(
  issues: readonly Issue[],
  prefix: readonly PropertyKey[],
): { field: string; reason: string }[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: fieldName([...path, key]), reason: 'unknown field' }));
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const closest = issue.errors.toSorted((a, b) => distance(a) - distance(b))[0] ?? [];
      return flatten(closest, path);
    }
    return [{ field: fieldName(path), reason: issue.message }];
  });
}

/** One line naming every bad field and why: `receiverPhone: Invalid input: expected string, …`. */
export function describeIssues(error: z.ZodError): string {
  return flatten(error.issues, [])
    .map(({ field, reason }) => `${field}: ${reason}`)
    .join('; ');
}
