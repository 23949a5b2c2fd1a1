import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  DIRECTORY_ROLE_NAMES, GRAPH_IMPORT_ERROR_CODES, MAX_GRAPH_FILE_BYTES, classifyGraphDocument, fileError, isVerityError, mapPolicyReferences, readGraphFile,
  type GraphKind, type ImportNote, type ImportTarget, type ReferenceKind,
} from '@verity/core';
import { ApiError } from './api-client.js';
import { printJson } from './output.js';

const ORDER: Record<ImportTarget, number> = { namedLocation: 0, conditionalAccessPolicy: 1, compliancePolicy: 2 };
const ENDPOINT: Record<ImportTarget, string> = {
  namedLocation: '/api/v1/conditional-access/named-locations',
  conditionalAccessPolicy: '/api/v1/conditional-access/policies',
  compliancePolicy: '/api/v1/compliance-policies',
};
/** How many documents are in flight at once (the server handles each in its own transaction). */
const CONCURRENCY = 8;

/** What became of one document: the four answers of the compatibility report. */
export type ImportStatus = 'imported' | 'importedWithNotes' | 'notSupported' | 'rejected';

/** One document found in a file (a collection or array file holds several). */
export interface ImportItem {
  readonly file: string;
  /** JSON path of the document in the file (`$`, `$.value[3]`, `$[2]`). */
  readonly path: string;
  readonly element?: number;
  readonly encoding: string;
  readonly kind: GraphKind;
  readonly doc: unknown;
  readonly notes: readonly ImportNote[];
}

/** One line of `verity import --json`: one per document (and one per file that could not be read). */
export interface ImportLine {
  file: string;
  path: string;
  element?: number;
  kind: string;
  family: string;
  status: ImportStatus;
  encoding?: string;
  dryRun?: true;
  /** For an imported document: created, updated (a re-import) or unchanged. */
  action?: 'create' | 'update' | 'unchanged';
  id?: string;
  recognisedBy?: string;
  notes: ImportNote[];
  unresolved?: { path: string; kind: string; id: string; mode: string }[];
  unsupported?: { path: string; reason: string }[];
  notEvaluated?: { setting: string; reason: string }[];
  changes?: { path: string; op: string; before?: unknown; after?: unknown }[];
  error?: { code: string; message: string; path: string; position?: number; offset?: number; line?: number; column?: number };
}

/** A `verity import` usage error (missing path, nothing to import): printed with its code, exit code 2. */
export class ImportUsageError extends Error {
  constructor(readonly code: string, message: string) {
    super(`${code}: ${message}`);
  }
}

/** Every *.json file under the given files and folders (recursive), in a stable order; a missing path or a folder without JSON is an error. */
export function collectJsonFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    if (statSync(p).isDirectory()) for (const name of readdirSync(p).sort()) walk(join(p, name));
    else if (p.toLowerCase().endsWith('.json')) out.push(p);
  };
  for (const p of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(p).isDirectory();
    } catch {
      throw new ImportUsageError('VERITY_IMPORT_PATH_NOT_FOUND', `${p} does not exist.`);
    }
    // A file named explicitly is imported whatever its extension.
    if (!isDirectory) { out.push(p); continue; }
    const before = out.length;
    walk(p);
    if (out.length === before) throw new ImportUsageError('VERITY_IMPORT_NOTHING_TO_IMPORT', `${p} holds no *.json file (searched recursively).`);
  }
  return [...new Set(out)];
}

const where = (file: string, path: string, element: number | undefined) => ({ file, path, ...(element !== undefined ? { element } : {}) });

/** Read files into import items (one per document), named locations first; files that cannot be read become rejected lines. */
export function readImportItems(files: readonly string[]): { items: ImportItem[]; unreadable: ImportLine[] } {
  const items: ImportItem[] = [];
  const unreadable: ImportLine[] = [];
  for (const file of files) {
    try {
      const size = statSync(file).size;
      // Refused before reading: a 50 MB file is not loaded into memory to be refused afterwards.
      if (size > MAX_GRAPH_FILE_BYTES) {
        const message = `The file is ${size} bytes; an import reads files up to ${MAX_GRAPH_FILE_BYTES} bytes.`;
        throw fileError(GRAPH_IMPORT_ERROR_CODES.fileTooLarge, message, { path: '$', message });
      }
      const read = readGraphFile(readFileSync(file));
      if (read.documents.length === 0)
        unreadable.push({ ...where(file, '$', undefined), kind: 'emptyCollection', family: 'empty collection', status: 'notSupported', encoding: read.encoding, notes: [], error: { code: GRAPH_IMPORT_ERROR_CODES.kindUnknown, message: 'The file holds an empty collection: nothing to import.', path: '$' } });
      for (const d of read.documents)
        items.push({ file, path: d.path, ...(d.element !== undefined ? { element: d.element } : {}), encoding: read.encoding, kind: classifyGraphDocument(d.document, d.context), doc: d.document, notes: d.notes });
    } catch (err) {
      if (!isVerityError(err)) throw err;
      const d = err.details[0];
      unreadable.push({
        ...where(file, '$', undefined), kind: 'unknown', family: 'unreadable file', status: 'rejected', notes: [],
        error: { code: err.code, message: err.message, path: d?.path ?? '$', ...(d?.offset !== undefined ? { offset: d.offset } : {}), ...(d?.line !== undefined ? { line: d.line, column: d.column! } : {}) },
      });
    }
  }
  // Stable sort: within a kind, file order is kept.
  items.sort((a, b) => (a.kind.target === null ? 3 : ORDER[a.kind.target]) - (b.kind.target === null ? 3 : ORDER[b.kind.target]));
  return { items, unreadable };
}

/** A JSON path inside a document, as a path in its file: `$.x` of `$.value[3]` is `$.value[3].x`. */
function inFile(docPath: string, path: string): string {
  return docPath === '$' ? path : `${docPath}${path.slice(1)}`;
}

type Api = { call<T>(method: string, path: string, body?: unknown): Promise<T>; close(): void };
type Page = { items: Record<string, unknown>[] };

/** `--map FILE`: a JSON object `{ "old id": "new id or display name" }`. */
export function readReferenceMap(path: string): Map<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ImportUsageError('VERITY_IMPORT_MAP_INVALID', `${path} is not a JSON object of "old id": "new id or display name" (${err instanceof Error ? err.message : String(err)}).`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json) || !Object.values(json).every((v) => typeof v === 'string' && v.length > 0 && v.length <= 256))
    throw new ImportUsageError('VERITY_IMPORT_MAP_INVALID', `${path} must be a JSON object whose values are ids or display names.`);
  return new Map(Object.entries(json as Record<string, string>));
}

/**
 * What a map target names in the tenant: an id of the right kind, or a display name (a user's
 * principal name too) resolved to its id. Unresolvable targets stay as written, so the import
 * reports them as unresolved references.
 */
async function mapResolver(api: Api, map: ReadonlyMap<string, string>, runLocations: readonly ImportItem[]): Promise<(kind: ReferenceKind, id: string) => string | undefined> {
  if (map.size === 0) return () => undefined;
  const [groups, users, locations] = await Promise.all([
    api.call<Page>('GET', '/api/v1/groups?limit=500'), api.call<Page>('GET', '/api/v1/users?limit=500'), api.call<Page>('GET', '/api/v1/conditional-access/named-locations'),
  ]);
  const index = (rows: Record<string, unknown>[], ...keys: string[]) => {
    const m = new Map<string, string>();
    for (const r of rows) for (const k of keys) if (typeof r[k] === 'string') m.set(String(r[k]).toLowerCase(), String(r.id));
    return m;
  };
  const run = runLocations.map((i) => i.doc as Record<string, unknown>).filter((d) => typeof d.id === 'string');
  const byKind: Record<ReferenceKind, Map<string, string>> = {
    group: index(groups.items, 'id', 'displayName'),
    user: index(users.items, 'id', 'userPrincipalName', 'displayName'),
    namedLocation: index([...locations.items, ...run], 'id', 'displayName'),
    role: new Map([...DIRECTORY_ROLE_NAMES, ...[...DIRECTORY_ROLE_NAMES.values()].map((id) => [id, id] as const)]),
    application: new Map(),
  };
  return (kind, id) => {
    const target = map.get(id);
    if (target === undefined) return undefined;
    return byKind[kind].get(target.toLowerCase()) ?? target;
  };
}

interface RunOptions { readonly dryRun: boolean; readonly match?: 'id' | 'displayName'; readonly map?: ReadonlyMap<string, string> }

/** Import one item through the API; rejections become lines, transport failures propagate. */
async function importItem(api: Api, item: ImportItem, opts: RunOptions, rewrite: (kind: ReferenceKind, id: string) => string | undefined, runLocationIds: ReadonlySet<string>): Promise<ImportLine> {
  const base = {
    ...where(item.file, item.path, item.element), kind: item.kind.kind, family: item.kind.family, encoding: item.encoding,
    ...(item.kind.evidence !== 'odata-type' ? { recognisedBy: item.kind.evidence } : {}), ...(opts.dryRun ? { dryRun: true as const } : {}),
  };
  const notes = [...item.notes];
  if (item.kind.target === null) {
    const unknown = item.kind.evidence === 'none';
    return {
      ...base, status: unknown ? 'rejected' : 'notSupported', notes,
      error: unknown
        ? { code: GRAPH_IMPORT_ERROR_CODES.kindUnknown, message: `Not a Graph document Verity recognises (${item.kind.family}).`, path: item.path }
        : { code: GRAPH_IMPORT_ERROR_CODES.kindNotSupported, message: `${item.kind.kind} is a ${item.kind.family}: Verity does not import this kind (a known gap, not a broken file).`, path: inFile(item.path, "$['@odata.type']") },
    };
  }
  let doc = item.doc;
  if (item.kind.target === 'conditionalAccessPolicy') {
    const mapped = mapPolicyReferences(doc, rewrite);
    doc = mapped.document;
    notes.push(...mapped.notes);
  }
  const query = `?dryRun=${opts.dryRun}${opts.match === 'displayName' ? '&match=displayName' : ''}`;
  try {
    const res = await api.call<Record<string, any>>('POST', `${ENDPOINT[item.kind.target]}${query}`, doc);
    const report = res.report ?? {};
    notes.push(...((report.normalised ?? []) as ImportNote[]));
    // In a dry run nothing is stored, so a named location of the same run is unknown to the server: it is not unresolved.
    const unresolved = ((report.unresolved ?? []) as NonNullable<ImportLine['unresolved']>).filter((u) => !(u.kind === 'namedLocation' && runLocationIds.has(u.id)));
    const gaps = item.kind.target === 'compliancePolicy' ? { notEvaluated: (report.notEvaluated ?? []) as NonNullable<ImportLine['notEvaluated']> } : { unsupported: (report.unsupported ?? []) as NonNullable<ImportLine['unsupported']> };
    const withNotes = notes.length > 0 || unresolved.length > 0 || (gaps.notEvaluated ?? gaps.unsupported ?? []).length > 0;
    const id = item.kind.target === 'compliancePolicy' ? res.policy?.id ?? res.matchedId : res.id;
    return {
      ...base, status: withNotes ? 'importedWithNotes' : 'imported', action: res.action, ...(id ? { id: String(id) } : {}),
      notes, ...(item.kind.target === 'compliancePolicy' ? {} : { unresolved }), ...gaps, ...(res.changes ? { changes: res.changes } : {}),
    };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const body = (err.body ?? {}) as { code?: string; detail?: string; errors?: { path: string; message: string; position?: number }[] };
    const first = body.errors?.[0];
    // A compliance type Verity recognises but does not evaluate is a known gap, like the other kinds.
    const status: ImportStatus = body.code === 'VERITY_COMPLIANCE_POLICY_UNSUPPORTED_TYPE' ? 'notSupported' : 'rejected';
    return {
      ...base, status, notes,
      error: { code: body.code ?? err.code, message: first ? first.message : body.detail ?? err.message, path: inFile(item.path, first?.path ?? '$'), ...(first?.position !== undefined ? { position: first.position } : {}) },
    };
  }
}

/** Run `tasks` with at most `limit` in flight, keeping their order in the result. */
async function inOrder<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  }));
  return out;
}

/** Import files and folders; returns one line per document (and per unreadable file), named locations first. */
export async function runImport(api: Api, paths: readonly string[], opts: RunOptions): Promise<ImportLine[]> {
  const { items, unreadable } = readImportItems(collectJsonFiles(paths));
  const locations = items.filter((i) => i.kind.target === 'namedLocation');
  const rewrite = await mapResolver(api, opts.map ?? new Map(), locations);
  const runLocationIds = new Set(opts.dryRun ? locations.map((i) => (i.doc as { id?: unknown }).id).filter((id): id is string => typeof id === 'string') : []);
  const lines: ImportLine[] = [...unreadable];
  // Named locations first (policies reference them), then the rest: each group in flight together.
  for (const group of [locations, items.filter((i) => i.kind.target !== 'namedLocation')])
    lines.push(...(await inOrder(group.map((item) => () => importItem(api, item, opts, rewrite, runLocationIds)), CONCURRENCY)));
  return lines;
}

const LABEL: Record<ImportStatus, string> = { imported: 'imported', importedWithNotes: 'imported*', notSupported: 'not supported', rejected: 'rejected' };

function printHuman(lines: readonly ImportLine[], dryRun: boolean): void {
  for (const l of lines) {
    const at = l.element === undefined ? l.file : `${l.file}#${l.element}`;
    const label = dryRun && (l.status === 'imported' || l.status === 'importedWithNotes') ? LABEL[l.status].replace('imported', 'valid') : LABEL[l.status];
    console.log(`${label.padEnd(14)} ${l.kind}  ${at}${l.id ? `  id ${l.id}` : ''}${l.action && l.action !== 'create' ? `  (${l.action})` : ''}`);
    if (l.error) console.log(`${''.padEnd(15)}${l.error.code} at ${l.error.path}${l.error.line !== undefined ? ` (line ${l.error.line}, column ${l.error.column}, byte ${l.error.offset})` : ''}${l.error.position !== undefined ? ` (position ${l.error.position})` : ''}: ${l.error.message}`);
    for (const n of l.notes) console.log(`${''.padEnd(15)}note ${n.code} ${n.path}: ${n.message}`);
    for (const u of l.unresolved ?? []) console.log(`${''.padEnd(15)}unresolved ${u.kind} ${u.id} at ${u.path} (${u.mode === 'exclude' ? 'excludes no one' : 'includes nothing'})`);
    for (const g of [...(l.unsupported ?? []), ...(l.notEvaluated ?? [])] as { path?: string; setting?: string; reason: string }[]) console.log(`${''.padEnd(15)}not evaluated ${g.path ?? g.setting}: ${g.reason}`);
    for (const c of l.changes ?? []) console.log(`${''.padEnd(15)}${c.op === 'add' ? '+' : c.op === 'remove' ? '-' : '~'} ${c.path}: ${c.op === 'add' ? JSON.stringify(c.after) : c.op === 'remove' ? JSON.stringify(c.before) : `${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`}`);
  }
  const count = (s: ImportStatus) => lines.filter((l) => l.status === s).length;
  // "with notes" is a subset of the imported (or valid) documents, not a fourth outcome.
  console.log(`${count('imported') + count('importedWithNotes')} ${dryRun ? 'valid' : 'imported'} (${count('importedWithNotes')} with notes), ${count('notSupported')} not supported, ${count('rejected')} rejected`);
}

/** `verity import [--dry-run] [--json] [--match id|display-name] [--map FILE] PATH...`: Graph compliance policies, conditional access policies and named locations. */
export function registerImportCommand(program: Command, client: () => Api): void {
  program.command('import').description('Import Graph JSON exports (compliance policies, conditional access policies, named locations) from files or folders, as Windows tools write them (UTF-8 or UTF-16, collections, arrays).')
    .argument('<paths...>', 'files or folders (searched recursively for *.json)')
    .option('--dry-run', 'validate and report only, with the changes a re-import would make; store nothing')
    .option('--json', 'print one JSON line per document')
    .option('--match <how>', 'how a re-import finds the stored policy it updates: id (Graph id, default) or display-name', 'id')
    .option('--map <file>', 'JSON object {"old id": "new id or display name"}: rewrite the references of conditional access policies (users, groups, roles, named locations, apps)')
    .action(async (paths: string[], o: { dryRun?: boolean; json?: boolean; match: string; map?: string }) => {
      if (o.match !== 'id' && o.match !== 'display-name') throw new ImportUsageError('VERITY_IMPORT_MATCH_INVALID', `--match must be id or display-name, not ${o.match}.`);
      const map = o.map ? readReferenceMap(o.map) : undefined;
      const files = collectJsonFiles(paths);
      const api = client();
      try {
        const lines = await runImport(api, files, { dryRun: o.dryRun === true, match: o.match === 'display-name' ? 'displayName' : 'id', ...(map ? { map } : {}) });
        if (o.json) for (const l of lines) printJson(l);
        else printHuman(lines, o.dryRun === true);
        if (lines.some((l) => l.status === 'rejected')) process.exitCode = 1;
      } finally {
        api.close();
      }
    });
}
