import { decodeGraphText, type GraphTextEncoding } from './decode-graph-text.js';
import { GRAPH_IMPORT_ERROR_CODES, fileError } from './graph-import-errors.js';
import type { ImportNote } from './import-notes.js';
import { parseGraphJson } from './parse-graph-json.js';

/** Larger than any Graph export in the corpus (the largest, a settings catalog baseline in UTF-16, is under 2 MB). */
export const MAX_GRAPH_FILE_BYTES = 16 * 1024 * 1024;

/** How the file held its documents. */
export type GraphFileContainer = 'object' | 'collection' | 'array' | 'jsonString';

/** One document of a file, with where it sits in the file and what reading it assumed. */
export interface GraphFileDocument {
  /** JSON path of the document in the file: `$`, `$.value[3]` (a Graph collection) or `$[2]` (a top-level array). */
  readonly path: string;
  /** Index in the collection or array; absent for a single document. */
  readonly element?: number;
  readonly document: unknown;
  /** The `@odata.context` that describes it (its own, else its collection's): it names the entity set when `@odata.type` is missing. */
  readonly context?: string;
  readonly notes: readonly ImportNote[];
}

/** A file read as Windows tools write Graph JSON. */
export interface GraphFile {
  readonly encoding: GraphTextEncoding;
  readonly container: GraphFileContainer;
  readonly documents: readonly GraphFileDocument[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A Graph list response, or PowerShell's `ConvertTo-Json` wrapper of an array (`{ value, Count }`). */
function isCollection(v: unknown): v is { value: unknown[] } & Record<string, unknown> {
  return isObject(v) && Array.isArray(v.value) && !('@odata.type' in v) && Object.keys(v).every((k) => k === 'value' || k === 'Count' || k.startsWith('@'));
}

/**
 * A JSON string holding JSON (the NCSC `*_Settings.json` files, PowerShell scripts that
 * serialised twice): parsed once more, with a note. Anything else stays the string it is.
 */
function unwrapJsonString(v: unknown, path: string, notes: ImportNote[]): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return v;
  try {
    const { value: inner, notes: innerNotes } = parseGraphJson({ text: v, encoding: 'utf-8', byteOffsetOf: (c) => c });
    notes.push(...innerNotes.map((n) => ({ ...n, path: `${path}${n.path.slice(1)}` })));
    notes.push({ path, code: 'json-string-unwrapped', message: 'The value was a JSON string holding JSON (serialised twice); it was read as the JSON it holds.' });
    return inner;
  } catch {
    return v;
  }
}

/**
 * PowerShell's `ConvertTo-Json` of a hashtable object written as its .NET view
 * (`IsReadOnly`, `Keys`, `Values`): rebuilt into the object it describes, with a note.
 */
function rebuildHashtable(v: unknown, path: string, notes: ImportNote[]): unknown {
  if (!isObject(v) || !Array.isArray(v.Keys) || !Array.isArray(v.Values) || !('IsReadOnly' in v) || v.Keys.length !== v.Values.length) return v;
  if (!v.Keys.every((k) => typeof k === 'string')) return v;
  const out: Record<string, unknown> = {};
  (v.Keys as string[]).forEach((k, i) => { out[k] = (v.Values as unknown[])[i]; });
  notes.push({ path, code: 'powershell-hashtable-rebuilt', message: 'PowerShell serialised a hashtable as its .NET view (IsReadOnly, Keys, Values); the object was rebuilt from Keys and Values.' });
  return out;
}

/** The file-level notes that fall inside the document at `path`, with paths relative to it. */
function notesInside(fileNotes: readonly ImportNote[], path: string): ImportNote[] {
  if (path === '$') return [...fileNotes];
  return fileNotes.filter((n) => n.path === path || n.path.startsWith(`${path}.`) || n.path.startsWith(`${path}[`)).map((n) => ({ ...n, path: `$${n.path.slice(path.length)}` }));
}

function documentOf(raw: unknown, path: string, element: number | undefined, outerContext: string | undefined, fileNotes: readonly ImportNote[]): GraphFileDocument {
  const notes: ImportNote[] = notesInside(fileNotes, path);
  const document = rebuildHashtable(unwrapJsonString(raw, '$', notes), '$', notes);
  const own = isObject(document) && typeof document['@odata.context'] === 'string' ? document['@odata.context'] : undefined;
  const context = own ?? outerContext;
  return { path, ...(element !== undefined ? { element } : {}), document, ...(context !== undefined ? { context } : {}), notes };
}

/**
 * Read one file's bytes into its Graph documents: decode (BOM, UTF-16, UTF-8), parse strictly,
 * then split a Graph collection (`{ "value": [...] }`) or a top-level array into one document per
 * element. A file that cannot be read at all throws (encoding, syntax, duplicate key, depth, size),
 * naming the byte offset, line and column; a file that reads yields at least one document.
 */
export function readGraphFile(bytes: Uint8Array): GraphFile {
  if (bytes.length > MAX_GRAPH_FILE_BYTES) {
    const message = `The file is ${bytes.length} bytes; an import reads files up to ${MAX_GRAPH_FILE_BYTES} bytes.`;
    throw fileError(GRAPH_IMPORT_ERROR_CODES.fileTooLarge, message, { path: '$', message });
  }
  const decoded = decodeGraphText(bytes);
  const { value: json, notes: fileNotes } = parseGraphJson(decoded);
  const { encoding } = decoded;
  if (isCollection(json)) {
    const context = typeof json['@odata.context'] === 'string' ? json['@odata.context'] : undefined;
    return { encoding, container: 'collection', documents: json.value.map((d, i) => documentOf(d, `$.value[${i}]`, i, context, fileNotes)) };
  }
  if (Array.isArray(json)) return { encoding, container: 'array', documents: json.map((d, i) => documentOf(d, `$[${i}]`, i, undefined, fileNotes)) };
  if (typeof json === 'string') {
    const notes: ImportNote[] = [];
    const inner = unwrapJsonString(json, '$', notes);
    if (inner !== json && (isCollection(inner) || Array.isArray(inner))) {
      const elements = isCollection(inner) ? inner.value : (inner as unknown[]);
      const prefix = isCollection(inner) ? '$.value' : '$';
      const documents = elements.map((d, i) => {
        const doc = documentOf(d, `${prefix}[${i}]`, i, undefined, []);
        return { ...doc, notes: [...notes, ...doc.notes] };
      });
      return { encoding, container: 'jsonString', documents };
    }
  }
  return { encoding, container: typeof json === 'string' ? 'jsonString' : 'object', documents: [documentOf(json, '$', undefined, undefined, fileNotes)] };
}
