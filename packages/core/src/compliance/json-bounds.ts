import type { ErrorDetail } from '../errors/verity-error.js';
import { toJsonPath } from './json-path.js';

/**
 * Generic size bounds on a whole pasted document, before schema validation: every string,
 * array, object and the nesting depth is bounded so that no field (even one Verity does not
 * know and merely keeps for export) can carry megabytes.
 */
export const JSON_BOUNDS = { maxString: 262_144, maxArray: 1_000, maxKeys: 1_000, maxDepth: 32, maxProblems: 50 } as const;

/** Collect size-bound problems of a JSON value (empty when within bounds). */
export function jsonBoundProblems(value: unknown): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const walk = (v: unknown, path: PropertyKey[]): void => {
    if (problems.length >= JSON_BOUNDS.maxProblems) return;
    if (path.length > JSON_BOUNDS.maxDepth) {
      problems.push({ path: toJsonPath(path), message: `Nesting deeper than ${JSON_BOUNDS.maxDepth} levels.` });
      return;
    }
    if (typeof v === 'string') {
      if (v.length > JSON_BOUNDS.maxString) problems.push({ path: toJsonPath(path), message: `String longer than ${JSON_BOUNDS.maxString} characters.` });
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) problems.push({ path: toJsonPath(path), message: 'Number is not finite.' });
    } else if (Array.isArray(v)) {
      if (v.length > JSON_BOUNDS.maxArray) {
        problems.push({ path: toJsonPath(path), message: `Array longer than ${JSON_BOUNDS.maxArray} items.` });
        return;
      }
      v.forEach((item, i) => walk(item, [...path, i]));
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length > JSON_BOUNDS.maxKeys) {
        problems.push({ path: toJsonPath(path), message: `Object with more than ${JSON_BOUNDS.maxKeys} properties.` });
        return;
      }
      for (const k of keys) {
        if (k.length > 256) problems.push({ path: toJsonPath(path), message: 'Property name longer than 256 characters.' });
        else walk((v as Record<string, unknown>)[k], [...path, k]);
      }
    } else if (v !== null && typeof v !== 'boolean') {
      problems.push({ path: toJsonPath(path), message: `Not a JSON value (${typeof v}).` });
    }
  };
  walk(value, []);
  return problems;
}
