// `npm install`'s postinstall: build the web console (scripts/build-console.ts) when the build tools
// are installed. An install without dev dependencies (npm ci --omit=dev) has no Vite: it says so and
// succeeds, and the server answers VERITY_CONSOLE_NOT_BUILT until a build is copied in (VERITY_CONSOLE_DIR).
// Plain JavaScript because it must run before anything else is known to be installed.
let register;
try {
  ({ register } = await import('tsx/esm/api'));
  await import('vite');
} catch {
  process.stdout.write('verity console: not built (vite and tsx are dev dependencies and are not installed)\n');
  process.exit(0);
}
register();
await import('./build-console.ts');
