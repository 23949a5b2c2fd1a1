import type { z } from 'zod';
import type { ErrorDetail } from '../errors/verity-error.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Render a property path as a JSON path (`$.conditions.users.includeUsers[2]`, `$['@odata.type']`). */
export function toJsonPath(path: readonly PropertyKey[], root = '$'): string {
  let out = root;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key)) out += `.${key}`;
    else out += `['${String(key).replace(/'/g, "\\'")}']`;
  }
  return out;
}

/** Turn zod issues into VerityError details, one per issue, each naming its JSON path. */
export function zodIssuesToDetails(issues: readonly z.core.$ZodIssue[], root = '$'): ErrorDetail[] {
  return issues.slice(0, 50).map((issue) => ({ path: toJsonPath(issue.path, root), message: issue.message }));
}
