#!/usr/bin/env node
// Runs the agent from TypeScript source: the workspace has no build step (see ARCHITECTURE.md).
import { register } from 'tsx/esm/api';
register();
await import('../src/main.ts');
