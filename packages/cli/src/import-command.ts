import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ApiError } from './api-client.js';
import { printJson } from './output.js';

/** What `verity import` can send, and where. Named locations go first: policies reference them. */
export type ImportTarget = 'namedLocation' | 'conditionalAccessPolicy' | 'compliancePolicy';
const ORDER: Record<ImportTarget, number> = { namedLocation: 0, conditionalAccessPolicy: 1, compliancePolicy: 2 };
const ENDPOINT: Record<ImportTarget, string> = {
  namedLocation: '/api/v1/conditional-access/named-locations',
  conditionalAccessPolicy: '/api/v1/conditional-access/policies',
  compliancePolicy: '/api/v1/compliance-policies',
};

/** One Graph document found in a file (a collection file holds several). */
export interface ImportItem {
  readonly file: string;
  /** Index in a Graph collection (`{ value: [...] }`), absent for a single-document file. */
  readonly element?: number;
  readonly target: ImportTarget | null;
  readonly kind: string;
  readonly doc: unknown;
}

/** One line of `verity import --json`. */
export interface ImportLine {
  file: string;
  element?: number;
  kind: string;
  result: 'imported' | 'rejected';
  dryRun?: true;
  id?: string;
  notEvaluated?: unknown[];
  unsupported?: unknown[];
  error?: { code: string; message: string; path: string; position?: number };
}

/** Kind of a Graph document from `@odata.type`; conditional access exports often omit it, so the shape decides then. */
export function classifyGraphDocument(doc: unknown): { target: ImportTarget | null; kind: string } {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { target: null, kind: 'unknown' };
  const o = doc as Record<string, unknown>;
  const type = typeof o['@odata.type'] === 'string' ? (o['@odata.type'] as string).replace(/^#microsoft\.graph\./, '') : undefined;
  if (type === 'conditionalAccessPolicy') return { target: 'conditionalAccessPolicy', kind: type };
  if (type === 'ipNamedLocation' || type === 'countryNamedLocation') return { target: 'namedLocation', kind: type };
  if (type !== undefined && /CompliancePolicy$/i.test(type)) return { target: 'compliancePolicy', kind: type };
  if (type === undefined) {
    if ('conditions' in o && ('grantControls' in o || 'sessionControls' in o)) return { target: 'conditionalAccessPolicy', kind: 'conditionalAccessPolicy' };
    if ('ipRanges' in o) return { target: 'namedLocation', kind: 'ipNamedLocation' };
    if ('countriesAndRegions' in o) return { target: 'namedLocation', kind: 'countryNamedLocation' };
  }
  return { target: null, kind: type ?? 'unknown' };
}

/** Every *.json file under the given files and folders (recursive), in a stable order. */
export function collectJsonFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    if (statSync(p).isDirectory()) for (const name of readdirSync(p).sort()) walk(join(p, name));
    else if (p.toLowerCase().endsWith('.json')) out.push(p);
  };
  for (const p of paths) {
    // A file named explicitly is imported whatever its extension.
    if (statSync(p).isDirectory()) walk(p);
    else out.push(p);
  }
  return [...new Set(out)];
}

/** Read files into import items (a Graph collection yields one item per element), named locations first. */
export function readImportItems(files: readonly string[]): { items: ImportItem[]; unreadable: ImportLine[] } {
  const items: ImportItem[] = [];
  const unreadable: ImportLine[] = [];
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      unreadable.push({ file, kind: 'unknown', result: 'rejected', error: { code: 'VERITY_IMPORT_INVALID_JSON', message: err instanceof Error ? err.message : String(err), path: '$' } });
      continue;
    }
    const collection = json !== null && typeof json === 'object' && !Array.isArray(json) && Array.isArray((json as { value?: unknown }).value) && !('@odata.type' in json);
    const docs: [number | undefined, unknown][] = collection ? ((json as { value: unknown[] }).value.map((d, i) => [i, d])) : [[undefined, json]];
    for (const [element, doc] of docs) items.push({ file, ...(element !== undefined ? { element } : {}), ...classifyGraphDocument(doc), doc });
  }
  // Stable sort: within a kind, file order is kept.
  items.sort((a, b) => (a.target === null ? 3 : ORDER[a.target]) - (b.target === null ? 3 : ORDER[b.target]));
  return { items, unreadable };
}

/** A JSON path inside the element of a collection file: `$.x` becomes `$.value[3].x`. */
function inFile(path: string, element: number | undefined): string {
  return element === undefined ? path : `$.value[${element}]${path.slice(1)}`;
}

type Api = { call<T>(method: string, path: string, body?: unknown): Promise<T>; close(): void };

/** Import one item through the API; rejections become lines, transport failures propagate. */
async function importItem(api: Api, item: ImportItem, dryRun: boolean, dryRunLocationIds: ReadonlySet<string>): Promise<ImportLine> {
  const base = { file: item.file, ...(item.element !== undefined ? { element: item.element } : {}), kind: item.kind, ...(dryRun ? { dryRun: true as const } : {}) };
  if (item.target === null)
    return { ...base, result: 'rejected', error: { code: 'VERITY_IMPORT_UNKNOWN_KIND', message: `not a Graph document verity imports (@odata.type ${item.kind})`, path: inFile("$['@odata.type']", item.element) } };
  try {
    const res = await api.call<Record<string, any>>('POST', `${ENDPOINT[item.target]}?dryRun=${dryRun}`, item.doc);
    if (item.target === 'compliancePolicy')
      return { ...base, kind: String(res.report?.kind ?? item.kind), result: 'imported', ...(res.policy?.id ? { id: String(res.policy.id) } : {}), notEvaluated: res.report?.notEvaluated ?? [] };
    return { ...base, result: 'imported', id: String(res.id), unsupported: res.report?.unsupported ?? [] };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const body = (err.body ?? {}) as { code?: string; detail?: string; errors?: { path: string; message: string; position?: number }[] };
    const errors = body.errors ?? [];
    // In a dry run nothing is stored, so a policy naming a location from the same import looks unknown to the server: accept those references.
    if (dryRun && item.target === 'conditionalAccessPolicy' && errors.length > 0 && errors.every((e) => referencesLocationIn(item.doc, e.path, dryRunLocationIds)))
      return { ...base, result: 'imported', unsupported: [] };
    const first = errors[0];
    return {
      ...base, result: 'rejected',
      error: { code: body.code ?? err.code, message: first ? first.message : body.detail ?? err.message, path: inFile(first?.path ?? '$', item.element), ...(first?.position !== undefined ? { position: first.position } : {}) },
    };
  }
}

function referencesLocationIn(doc: unknown, path: string, ids: ReadonlySet<string>): boolean {
  const m = /^\$\.conditions\.locations\.(includeLocations|excludeLocations)\[(\d+)\]$/.exec(path);
  if (!m) return false;
  const ref = (doc as { conditions?: { locations?: Record<string, string[]> } }).conditions?.locations?.[m[1]!]?.[Number(m[2])];
  return ref !== undefined && ids.has(ref);
}

/** Import files; returns one line per file (and per collection element) in import order. */
export async function runImport(api: Api, paths: readonly string[], dryRun: boolean): Promise<ImportLine[]> {
  const { items, unreadable } = readImportItems(collectJsonFiles(paths));
  const lines: ImportLine[] = [...unreadable];
  const dryRunLocationIds = new Set<string>();
  for (const item of items) {
    const line = await importItem(api, item, dryRun, dryRunLocationIds);
    if (dryRun && item.target === 'namedLocation' && line.result === 'imported' && line.id) dryRunLocationIds.add(line.id);
    lines.push(line);
  }
  return lines;
}

function printHuman(lines: readonly ImportLine[]): void {
  for (const l of lines) {
    const where = l.element === undefined ? l.file : `${l.file}#${l.element}`;
    if (l.result === 'rejected') {
      console.log(`rejected  ${l.kind}  ${where}`);
      console.log(`          ${l.error!.code} at ${l.error!.path}${l.error!.position !== undefined ? ` (position ${l.error!.position})` : ''}: ${l.error!.message}`);
      continue;
    }
    const gaps = [...(l.unsupported ?? []), ...(l.notEvaluated ?? [])] as { path?: string; setting?: string; reason: string }[];
    console.log(`${l.dryRun ? 'valid   ' : 'imported'}  ${l.kind}  ${where}${l.id ? `  id ${l.id}` : ''}${gaps.length > 0 ? `  (${gaps.length} not evaluated)` : ''}`);
    for (const g of gaps) console.log(`          not evaluated: ${g.path ?? g.setting}: ${g.reason}`);
  }
  const rejected = lines.filter((l) => l.result === 'rejected').length;
  console.log(`${lines.length - rejected} ${lines.some((l) => l.dryRun) ? 'valid' : 'imported'}, ${rejected} rejected`);
}

/** `verity import [--dry-run] [--json] PATH...`: Graph compliance policies, conditional access policies and named locations. */
export function registerImportCommand(program: Command, client: () => Api): void {
  program.command('import').description('Import Graph JSON exports (compliance policies, conditional access policies, named locations) from files or folders.')
    .argument('<paths...>', 'files or folders (searched recursively for *.json)')
    .option('--dry-run', 'validate and report only; store nothing')
    .option('--json', 'print one JSON line per file (and per collection element)')
    .action(async (paths: string[], o: { dryRun?: boolean; json?: boolean }) => {
      const api = client();
      try {
        const lines = await runImport(api, paths, o.dryRun === true);
        if (o.json) for (const l of lines) printJson(l);
        else printHuman(lines);
        if (lines.some((l) => l.result === 'rejected')) process.exitCode = 1;
      } finally {
        api.close();
      }
    });
}
