import { toJsonPath } from '../access/json-path.js';
import type { ImportNote } from './import-notes.js';

/**
 * The shape of a Graph resource as far as normalising real exports needs it: which properties
 * are objects, lists, enumerations or lists holding keywords. Everything else is left as it is
 * (the importer's schema decides whether it is valid).
 */
export type GraphShape =
  /** `required`: an empty object stays (`conditions.users: {}`); otherwise `{}` sets nothing and reads as absent. */
  | { readonly t: 'object'; readonly props: Readonly<Record<string, GraphShape>>; readonly required?: boolean }
  | { readonly t: 'list' }
  | { readonly t: 'enum'; readonly values: readonly string[] }
  | { readonly t: 'enumList'; readonly values: readonly string[] }
  /** A list of ids in which some values are keywords (`All`, `None`, `AllTrusted`). */
  | { readonly t: 'keywordList'; readonly values: readonly string[] }
  /** A comma-separated enumeration in one string (Graph flags enums, e.g. `guestOrExternalUserTypes`). */
  | { readonly t: 'flags'; readonly values: readonly string[] }
  | { readonly t: 'value' };

/** Shorthands for writing shapes. */
export const shape = {
  object: (props: Record<string, GraphShape>, options: { required?: boolean } = {}): GraphShape => ({ t: 'object', props, ...(options.required ? { required: true } : {}) }),
  list: { t: 'list' } as GraphShape,
  enum: (values: readonly string[]): GraphShape => ({ t: 'enum', values }),
  enumList: (values: readonly string[]): GraphShape => ({ t: 'enumList', values }),
  keywordList: (values: readonly string[]): GraphShape => ({ t: 'keywordList', values }),
  flags: (values: readonly string[]): GraphShape => ({ t: 'flags', values }),
  value: { t: 'value' } as GraphShape,
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function canonical(values: readonly string[], v: string): string | undefined {
  if (values.includes(v)) return v;
  const lower = v.toLowerCase();
  return values.find((x) => x.toLowerCase() === lower);
}

/**
 * Normalise what real exports write differently from what Graph documents, as Graph itself
 * accepts it, and say what changed (one note per change, with its JSON path):
 * - property names in another case (`displayname`): Graph reads names case-insensitively;
 * - enumeration values in another case (`"All"` for `all`, `"and"` for `AND`);
 * - PowerShell's `[]` for an empty object (`"locations": []`) and `null` for an empty list: absent.
 * Returns a new document; the input is not changed.
 */
export function normaliseGraphDocument(doc: unknown, root: GraphShape): { document: unknown; notes: ImportNote[] } {
  const notes: ImportNote[] = [];
  const note = (path: PropertyKey[], code: ImportNote['code'], message: string) => notes.push({ path: toJsonPath(path), code, message });

  const walk = (value: unknown, s: GraphShape, path: PropertyKey[]): unknown => {
    switch (s.t) {
      case 'object': {
        if (!isObject(value)) return value;
        const out: Record<string, unknown> = {};
        const known = Object.keys(s.props);
        for (const [key, v] of Object.entries(value)) {
          let name = key;
          if (!(key in s.props) && !key.includes('@')) {
            const c = canonical(known, key);
            if (c !== undefined && !(c in value)) {
              name = c;
              note([...path, c], 'property-name-case-normalised', `Property "${key}" read as "${c}" (Graph property names are case-insensitive).`);
            }
          }
          const child = s.props[name];
          if (child === undefined) {
            out[name] = v;
            continue;
          }
          if (child.t === 'object' && Array.isArray(v) && v.length === 0) {
            note([...path, name], 'empty-array-as-absent', `"${name}": [] read as absent (PowerShell writes an empty object as an empty array).`);
            continue;
          }
          if (child.t === 'object' && !child.required && isObject(v) && Object.keys(v).length === 0) {
            note([...path, name], 'empty-object-as-absent', `"${name}": {} sets nothing; read as absent.`);
            continue;
          }
          if ((child.t === 'list' || child.t === 'enumList' || child.t === 'keywordList') && v === null) {
            note([...path, name], 'null-as-absent', `"${name}": null read as an absent (empty) list.`);
            continue;
          }
          out[name] = walk(v, child, [...path, name]);
        }
        return out;
      }
      case 'enum': {
        if (typeof value !== 'string') return value;
        const c = canonical(s.values, value);
        if (c !== undefined && c !== value) note(path, 'enum-case-normalised', `"${value}" read as "${c}".`);
        return c ?? value;
      }
      case 'enumList':
      case 'keywordList': {
        if (!Array.isArray(value)) return value;
        return value.map((x, i) => {
          if (typeof x !== 'string') return x;
          const c = canonical(s.values, x);
          if (c !== undefined && c !== x) note([...path, i], 'enum-case-normalised', `"${x}" read as "${c}".`);
          return c ?? x;
        });
      }
      case 'flags': {
        if (typeof value !== 'string') return value;
        const parts = value.split(',').map((p) => p.trim());
        const fixed = parts.map((p) => canonical(s.values, p) ?? p);
        const joined = fixed.join(',');
        if (fixed.some((p, i) => p !== parts[i])) note(path, 'enum-case-normalised', `"${value}" read as "${joined}".`);
        return fixed.some((p, i) => p !== parts[i]) ? joined : value;
      }
      default:
        return value;
    }
  };
  return { document: walk(doc, root, []), notes };
}
