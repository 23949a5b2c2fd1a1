// Builds the web console once, when its sources changed: `npm install` (postinstall), `npm start`
// and `npm test` all call this, so the first README command serves a working console and a test
// run builds it at most once. `--force` builds regardless. Assets are also written pre-compressed
// (.br, .gz) so that the server's static handler sends them compressed without compressing per request.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';

const consoleDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(consoleDir, '..', '..');
const distDir = join(consoleDir, 'dist');
const stampFile = join(distDir, '.build-stamp');
// Everything the bundle is made of: the console's sources and config, the core it imports, the lockfile.
const INPUTS = ['packages/console/src', 'packages/console/index.html', 'packages/console/vite.config.ts', 'packages/console/package.json', 'packages/core/src', 'package-lock.json'];

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => filesUnder(join(path, name)));
}

/** A hash of every input file's path and content. */
export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of filesUnder(join(repoRoot, input))) {
      if (file.endsWith('.test.ts')) continue;
      hash.update(relative(repoRoot, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

function precompress(dir: string): void {
  for (const file of filesUnder(dir)) {
    if (!/\.(js|css|svg|html|json)$/.test(file)) continue;
    const body = readFileSync(file);
    if (body.length < 1024) continue;
    writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
  }
}

const force = process.argv.includes('--force');
const hash = sourceHash();
if (!force && existsSync(join(distDir, 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) {
  process.stdout.write('verity console: up to date (packages/console/dist)\n');
} else {
  process.stdout.write('verity console: building packages/console/dist …\n');
  await build({ configFile: join(consoleDir, 'vite.config.ts'), logLevel: 'warn' });
  precompress(join(distDir, 'assets'));
  writeFileSync(stampFile, hash);
  process.stdout.write('verity console: built\n');
}
