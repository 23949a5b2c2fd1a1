// Benchmark runner: `npm run bench -- NAME` imports bench/NAME.bench.ts and runs its default export.
// Each benchmark prints, as its last line, one JSON object (see DEVELOPERS.md).
const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  console.error('usage: npm run bench -- NAME   (NAME = file bench/NAME.bench.ts)');
  process.exit(2);
}
const mod = (await import(`./${name}.bench.ts`)) as { default: () => Promise<void> };
await mod.default();
