import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const ENTRY = source('src/main.tsx');
/** What the first load runs: the app (boot.tsx) and the two pages the entry script starts early. */
const FIRST_LOAD = [source('src/app/boot.tsx'), source('src/features/dashboard/dashboard-page.tsx'), source('src/features/devices/device-list-page.tsx')];

// Libraries only one page needs stay in that page's chunk (Chart.js: the dashboard).
const PAGE_ONLY_LIBRARIES = /[\\/]node_modules[\\/](chart\.js|react-chartjs-2|@kurkle)[\\/]/;
const NODE_MODULES = /[\\/]node_modules[\\/]/;

type ChunkingContext = { getModuleInfo(id: string): { importedIds: readonly string[] } | null };

/**
 * Chunks by when the first page needs them, instead of one small chunk per set of sharing pages (the
 * default: 45 requests on a first load, which HTTP/1.1's six connections per host turn into a queue
 * of about 250 ms; issue 15, first load under 1 s). By priority (a group also takes the dependencies
 * of what it captures that no earlier group took):
 * - `first`: what the entry script imports (it starts the first page's requests before the app loads),
 * - `vendor`: the libraries of the first load (React, Mantine, the router, the query and table libraries),
 * - `shell`: the console's own shared code (app shell, sign-in, UI parts, API client).
 * Each page keeps its own chunk, with the libraries only it uses.
 */
const CHUNK_GROUPS = [
  // (The entry module itself stays in the entry chunk, which must run it.)
  { debugName: 'first', name: (id: string, ctx: ChunkingContext) => (id !== ENTRY && staticGraph(ctx, [ENTRY]).has(id) ? 'first' : null), priority: 30 },
  { debugName: 'vendor', name: (id: string, ctx: ChunkingContext) => (NODE_MODULES.test(id) && !PAGE_ONLY_LIBRARIES.test(id) && staticGraph(ctx, FIRST_LOAD).has(id) ? 'vendor' : null), priority: 20 },
  { name: 'shell', priority: 10, test: /[\\/]src[\\/](app|ui|auth|api)[\\/]/ },
];

const graphs = new Map<string, Set<string>>();
/** The modules `roots` import statically, directly or not (the build's module graph is complete when chunking). */
function staticGraph(ctx: ChunkingContext, roots: readonly string[]): Set<string> {
  const key = roots.join('\n');
  const known = graphs.get(key);
  if (known) return known;
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id) || id.endsWith('.css')) return;
    seen.add(id);
    for (const next of ctx.getModuleInfo(id)?.importedIds ?? []) visit(next);
  };
  for (const root of roots) visit(root);
  graphs.set(key, seen);
  return seen;
}

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The first load's libraries are one chunk on purpose (CHUNK_GROUPS): 600 kB, 156 kB with Brotli.
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      input: { index: fileURLToPath(new URL('index.html', import.meta.url)), 'portal-sw': fileURLToPath(new URL('src/portal/service-worker.ts', import.meta.url)) },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'portal-sw' ? 'portal-sw.js' : 'assets/[name]-[hash].js'),
        codeSplitting: { groups: CHUNK_GROUPS },
      },
    },
  },
});
