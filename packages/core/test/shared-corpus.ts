// The shared Graph corpus (`../shared/corpus/graph` from the repository root, read-only): tests
// iterate its MANIFEST.tsv and read each file as `verity import` does. Absent, the tests that need
// it are skipped and say why, except under CI, where they fail loudly.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readGraphFile, type GraphFile } from '../src/graph-import/read-graph-file.js';

/** The repository root (this file is packages/core/test/shared-corpus.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The Graph corpus folder. */
export const GRAPH_CORPUS = path.resolve(REPO_ROOT, '../shared/corpus/graph');

/** One row of MANIFEST.tsv. */
export interface CorpusEntry {
  readonly repo: string;
  readonly path: string;
  readonly encoding: string;
  readonly inferredKind: string;
  readonly jsonValid: boolean;
}

/** Whether the corpus is there; under CI its absence is an error, not a skip. */
export function corpusAvailable(): boolean {
  const there = existsSync(path.join(GRAPH_CORPUS, 'MANIFEST.tsv'));
  if (!there && process.env.CI) throw new Error(`The shared Graph corpus is missing at ${GRAPH_CORPUS} (../shared/corpus/graph from the repository root); CI must have it.`);
  return there;
}

/** Why corpus tests are skipped here (null: the corpus is present); the skipped-suites reporter prints it. */
export function corpusSkipReason(): string | null {
  return corpusAvailable() ? null : 'the shared corpus is not at ../shared/corpus next to this checkout';
}

/** The manifest's rows (empty when the corpus is absent outside CI). */
export function corpusEntries(): CorpusEntry[] {
  if (!corpusAvailable()) return [];
  const [header, ...rows] = readFileSync(path.join(GRAPH_CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
  const col = (name: string) => header!.indexOf(name);
  return rows.map((r) => ({ repo: r[col('repo')]!, path: r[col('path')]!, encoding: r[col('encoding')]!, inferredKind: r[col('inferred_kind')]!, jsonValid: r[col('json_valid')] === 'yes' }));
}

/** A corpus file read as `verity import` reads it, or the error it is refused with. */
export function readCorpusFile(entry: CorpusEntry): GraphFile | { error: unknown } {
  try {
    return readGraphFile(readFileSync(path.join(GRAPH_CORPUS, entry.path)));
  } catch (error) {
    return { error };
  }
}
