// `npm run compat-report`: regenerate docs/compatibility.md from a dry-run import of the shared
// Graph corpus (../shared/corpus/graph from the repository root) through a real control plane.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importCorpusDryRun, readManifest, renderCompatibilityReport } from '../packages/cli/src/compatibility-report.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = resolve(root, '../shared/corpus/graph');
if (!existsSync(resolve(corpus, 'MANIFEST.tsv'))) {
  console.error(`No corpus at ${corpus}: the report is generated from ../shared/corpus/graph.`);
  process.exit(1);
}
const rows = readManifest(corpus);
const lines = await importCorpusDryRun(corpus, rows);
writeFileSync(resolve(root, 'docs/compatibility.md'), renderCompatibilityReport(corpus, rows, lines));
console.log(`docs/compatibility.md: ${lines.length} documents from ${rows.length} files`);
