import diff from 'microdiff';
import { toJsonPath } from '../access/json-path.js';

/** One change between two versions of a Graph document (what `--dry-run` shows for a re-import, and what the audit log keeps). */
export interface DocumentChange {
  readonly path: string;
  readonly op: 'add' | 'remove' | 'replace';
  readonly before?: unknown;
  readonly after?: unknown;
}

// Read-only bookkeeping Graph rewrites on every save: a change there is no change of the policy.
const BOOKKEEPING = new Set(['createdDateTime', 'modifiedDateTime', 'lastModifiedDateTime', 'version', '@odata.context', '@odata.id', '@odata.editLink', '@odata.etag']);

/** The changes from `before` to `after` (microdiff; top-level bookkeeping such as modifiedDateTime ignored), with JSON paths. */
export function documentChanges(before: unknown, after: unknown): DocumentChange[] {
  if (before === null || typeof before !== 'object' || after === null || typeof after !== 'object') {
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path: '$', op: 'replace', before, after }];
  }
  return diff(before as Record<string, unknown>, after as Record<string, unknown>)
    .filter((d) => !(d.path.length === 1 && BOOKKEEPING.has(String(d.path[0]))))
    .map((d) => {
      const path = toJsonPath(d.path);
      if (d.type === 'CREATE') return { path, op: 'add' as const, after: d.value };
      if (d.type === 'REMOVE') return { path, op: 'remove' as const, before: d.oldValue };
      return { path, op: 'replace' as const, before: d.oldValue, after: d.value };
    });
}
