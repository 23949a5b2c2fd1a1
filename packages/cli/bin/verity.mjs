#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx (no build step).
import { register } from 'tsx/esm/api';
register();
const { runCli } = await import('../src/main.ts');
await runCli(process.argv);
