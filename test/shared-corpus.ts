import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared corpus of real-world data (read-only), at `../shared/corpus` from the repository
 * root: never a machine path, so every checkout finds it the same way. Tests iterate its
 * manifests rather than globbing the tree (the corpus README asks for that).
 */
export const REPOSITORY_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const SHARED_CORPUS_DIR = resolve(REPOSITORY_ROOT, '../shared/corpus');

/** One row of `graph/MANIFEST.tsv`. */
export interface GraphCorpusFile {
  readonly repo: string;
  readonly path: string;
  readonly absolutePath: string;
  readonly odataType: string;
  readonly encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le-bom';
  readonly inferredKind: string;
  readonly jsonValid: boolean;
}

/** Whether the shared corpus is present; under `CI` its absence is an error the caller turns into a failing test. */
export function sharedCorpusPresent(): boolean {
  return existsSync(join(SHARED_CORPUS_DIR, 'graph', 'MANIFEST.tsv'));
}

/** Why a corpus test is skipped (the skipped-suites reporter prints it once). */
export const SHARED_CORPUS_ABSENT = 'the shared corpus is not at ../shared/corpus next to this checkout';

/** The rows of `graph/MANIFEST.tsv`. */
export function graphCorpusFiles(): GraphCorpusFile[] {
  const text = readFileSync(join(SHARED_CORPUS_DIR, 'graph', 'MANIFEST.tsv'), 'utf8');
  const [header, ...rows] = text.split('\n').filter((l) => l.trim() !== '');
  const columns = header!.split('\t');
  const at = (name: string) => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`graph/MANIFEST.tsv has no ${name} column`);
    return i;
  };
  const [repo, path, odataType, encoding, inferredKind, jsonValid] = ['repo', 'path', 'odata_type', 'encoding', 'inferred_kind', 'json_valid'].map(at) as [number, number, number, number, number, number];
  return rows.map((row) => {
    const cells = row.split('\t');
    return {
      repo: cells[repo]!, path: cells[path]!, absolutePath: join(SHARED_CORPUS_DIR, 'graph', cells[path]!), odataType: cells[odataType]!,
      encoding: cells[encoding] as GraphCorpusFile['encoding'], inferredKind: cells[inferredKind]!, jsonValid: cells[jsonValid] === 'yes',
    };
  });
}

/** A corpus file's JSON, decoded per its manifest encoding (many Intune exports are UTF-16LE with a BOM). */
export function readCorpusJson(file: GraphCorpusFile): unknown {
  const bytes = readFileSync(file.absolutePath);
  const text = file.encoding === 'utf-16le-bom' ? bytes.subarray(2).toString('utf16le') : file.encoding === 'utf-8-bom' ? bytes.subarray(3).toString('utf8') : bytes.toString('utf8');
  return JSON.parse(text);
}

/** The Graph objects in a corpus document: the document itself, or the members of a `value` collection or top-level array. */
export function corpusItems(json: unknown): Record<string, unknown>[] {
  const list = Array.isArray(json) ? json : Array.isArray((json as { value?: unknown } | null)?.value) ? (json as { value: unknown[] }).value : [json];
  return list.filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x));
}
