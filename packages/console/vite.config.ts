import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

// The console's production build (scripts/build-console.ts runs it once per install/start/test
// when the sources changed). The portal's service worker is a second entry with a fixed name: the
// server serves it at /portal/sw.js, where browsers that subscribed to Web Push expect it.
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      input: { index: fileURLToPath(new URL('index.html', import.meta.url)), 'portal-sw': fileURLToPath(new URL('src/portal/service-worker.ts', import.meta.url)) },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'portal-sw' ? 'portal-sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
